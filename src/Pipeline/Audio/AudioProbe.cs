using LanguageExt;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Sample rate and duration of a recording from its WAV header alone (no decoding).</summary>
public static class AudioProbe
{
    public static Fin<(int SampleRate, double Seconds)> Of(string path) =>
        WavReader.Probe(path).Map(info => (info.SampleRate, info.DurationSeconds));
}
