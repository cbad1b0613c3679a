using DataflowLung.Pipeline.Tasks;
namespace DataflowLung.Pipeline.Metrics;

/// <summary>The one aggregation of chunk predictions, for the per-epoch metrics and the report alike: to recordings
/// (mean of the chunks' probabilities; label = majority of the chunks' hard labels, which agree for recording-level
/// labels) and to patients (truth: positive when any recording is; score by the <see cref="PatientRule"/>: the mean of
/// the recordings' scores, or under the original's rule the highest chunk probability, so the patient is predicted
/// positive when any chunk is), per output. With exclusive classes (<see cref="LearningTask.ExclusiveClasses"/>) the labels are averaged like the
/// probabilities: a recording's label is the share of its cycles in each class and its patient's the mean over its
/// recordings, so truth and prediction at these levels are both "the dominant class".</summary>
public static class PredictionLevels
{
    /// <summary>The chunk rows followed by their recording and patient rows (also for chunk rows read back from
    /// predictions.csv, e.g. the out-of-fold rows of a cross-validation).</summary>
    public static IReadOnlyList<PredictionRow> FromChunkRows(IReadOnlyList<PredictionRow> chunkRows, LearningTask task,
        PatientRule rule = PatientRule.Mean, RowPrecision precision = RowPrecision.Single)
    {
        bool exclusive = task.ExclusiveClasses;
        var recordingRows = chunkRows.GroupBy(c => (c.Dataset, c.Recording))
            .Select(g => new PredictionRow(PredictionLevel.Recording, g.Key.Recording, g.Key.Dataset, g.Key.Recording, g.First().Patient,
                Outputs(g, o => exclusive ? precision.Keep(g.Average(c => c.Labels[o])) : g.Count(c => c.Labels[o] >= 0.5) * 2 > g.Count() ? 1 : 0),
                Outputs(g, o => precision.Keep(g.Average(c => c.Probabilities[o])))))
            .ToList();
        var chunksOfPatient = chunkRows.ToLookup(c => (c.Dataset, c.Patient));
        var patientRows = recordingRows.GroupBy(r => (r.Dataset, r.Patient))
            .Select(g => new PredictionRow(PredictionLevel.Patient, $"{g.Key.Dataset}:{g.Key.Patient}", g.Key.Dataset, "", g.Key.Patient,
                Outputs(g, o => exclusive ? precision.Keep(g.Average(r => r.Labels[o])) : g.Any(r => r.Labels[o] >= 0.5) ? 1 : 0),
                rule == PatientRule.AnyChunk
                    ? Outputs(g, o => chunksOfPatient[g.Key].Max(c => c.Probabilities[o]))
                    : Outputs(g, o => precision.Keep(g.Average(r => r.Probabilities[o])))))
            .ToList();
        return [.. chunkRows, .. recordingRows, .. patientRows];
    }

    /// <summary>The rows of one level.</summary>
    public static IReadOnlyList<PredictionRow> At(this IEnumerable<PredictionRow> rows, PredictionLevel level) =>
        rows.Where(r => r.Level == level).ToArray();

    private static double[] Outputs<T>(IGrouping<T, PredictionRow> g, Func<int, double> value) =>
        Enumerable.Range(0, g.First().Probabilities.Length).Select(value).ToArray();
}
