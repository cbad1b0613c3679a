using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>PERCH (not public; 8 kHz, 10 s clips, used for crackles/wheezes): <c>&lt;id&gt;-&lt;n&gt;.wav</c> with
/// ICBHI-format cycle <c>.txt</c> files; patient = the text before the first '-'. Pneumonia labels come from
/// an optional diagnosis file as for ICBHI, else unknown (-1).</summary>
public static class PerchAdapter
{
    public const string Name = "perch";

    /// <summary>Crackles/wheezes per annotated cycle; its optional diagnoses do not make a pneumonia dataset.</summary>
    public static DatasetLabels Provides { get; } = new(CycleAnnotations: true);

    public const string Layout =
        "a flat folder of <patient>-<n>.wav clips (8 kHz, 10 s) each with a same-name ICBHI-format .txt " +
        "(start end crackles wheezes); optional patient_diagnosis.csv; or a manifest.csv";

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options)
    {
        var diagnoses = AnnotatedFolder.Diagnoses(Name, folder);
        var scan = AnnotatedFolder.Scan(Name, folder, PatientOf, diagnoses.LabelsOf, diagnoses.Warnings);
        return AnnotatedFolder.WarnUnlabelledPatients(scan, diagnoses) with { Skipped = scan.Skipped + diagnoses.Problems };
    }

    public static Fin<string> PatientOf(string name)
    {
        int dash = name.IndexOf('-');
        return dash > 0 ? FinSucc(name[..dash]) : FinFail<string>(Error.New($"'{name}' is not a PERCH name <patient>-<n>"));
    }
}
