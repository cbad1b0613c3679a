namespace DataflowLung.Pipeline.Metrics;

/// <summary>One prediction at one level, what every validation metric is computed from (per epoch and in the
/// report) and one line of predictions.csv: what was predicted, its truth and the model's probabilities, one per
/// output. Values are doubles so that the epoch's unrounded means fit; the report's rows hold floats, as
/// predictions.csv stores them (<see cref="RowPrecision"/>).</summary>
public sealed record PredictionRow(
    PredictionLevel Level,
    string Name,
    string Dataset,
    string Recording,
    string Patient,
    double[] Labels,
    double[] Probabilities)
{
    /// <summary>The patient, unique across datasets: the cluster of the patient bootstrap.</summary>
    public string PatientKey => $"{Dataset}:{Patient}";

    /// <summary>A chunk's row from the model's float outputs.</summary>
    public static PredictionRow OfChunk(string chunk, RecordingRef recording, ReadOnlySpan<float> labels, ReadOnlySpan<float> probabilities) =>
        new(PredictionLevel.Chunk, chunk, recording.Dataset, recording.Name, recording.Patient, Widen(labels), Widen(probabilities));

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }
}
