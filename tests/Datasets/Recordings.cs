using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary>Small RecordingRef builders for tests.</summary>
static class Recordings
{
    public static RecordingRef Plain(string name = "rec", int pneumonia = 0, string patient = "1", string dataset = "test") =>
        new(dataset, $"/nowhere/{name}.wav", name, patient, new RecordingLabels(pneumonia), None);

    public static RecordingRef Annotated(params CycleAnnotation[] cycles) =>
        new("test", "/nowhere/rec.wav", "rec", "1", new RecordingLabels(0), Some(toSeq(cycles)));

    /// <summary>Sample i holds the value i + 1, so a test can tell which source sample landed where.</summary>
    public static float[] Ramp(int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }
}
