using LanguageExt;

namespace DataflowLung.Pipeline.Synthetic;

/// <summary>One file the generator wrote, with the truth it synthesised: the patient's label, whether any
/// crackle/wheeze was put in, and the respiratory cycles (written to the ICBHI .txt; Jordan has no
/// annotation files, so its labels are at recording level, in the name's sound type).</summary>
public sealed record SyntheticRecording(
    string Dataset,
    string Path,
    string Name,
    string Patient,
    string Diagnosis,
    bool Pneumonia,
    bool Crackles,
    bool Wheezes,
    int SampleRate,
    int Samples,
    Seq<CycleAnnotation> Cycles);
