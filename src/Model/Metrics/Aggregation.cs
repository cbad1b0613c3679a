using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>Chunk → recording → patient aggregation of one output's probabilities.</summary>
public static class Aggregation
{
    public static IReadOnlyList<ScoredItem> Chunks(IReadOnlyList<ChunkPrediction> predictions, int output = 0) =>
        predictions.Select(p => new ScoredItem(p.Chunk, p.HardLabel(output), p.Probabilities[output])).ToArray();

    /// <summary>A recording's score is the mean of its chunks' probabilities; it is positive when its chunks are
    /// (majority of hard labels; they agree for recording-level labels).</summary>
    public static IReadOnlyList<ScoredItem> Recordings(IReadOnlyList<ChunkPrediction> predictions, int output = 0) =>
        predictions.GroupBy(p => p.Recording, StringComparer.Ordinal)
            .Select(g => new ScoredItem(g.Key, g.Count(p => p.HardLabel(output)) * 2 > g.Count(), g.Average(p => (double)p.Probabilities[output])))
            .ToArray();

    /// <summary>A patient's score is the mean of its recordings' scores; it is positive when any recording is.</summary>
    public static IReadOnlyList<ScoredItem> Patients(IReadOnlyList<ChunkPrediction> predictions, int output = 0)
    {
        var recordingScores = Recordings(predictions, output).ToDictionary(r => r.Key, StringComparer.Ordinal);
        return predictions.GroupBy(p => p.Patient, StringComparer.Ordinal)
            .Select(g =>
            {
                var recordings = g.Select(p => p.Recording).Distinct(StringComparer.Ordinal).Select(r => recordingScores[r]).ToArray();
                return new ScoredItem(g.Key, recordings.Any(r => r.Label), recordings.Average(r => r.Score));
            })
            .ToArray();
    }

    /// <summary>The original's patient rule: positive when any chunk is. As a score, the maximum chunk
    /// probability (≥ 0.5 exactly when some chunk is predicted positive at 0.5).</summary>
    public static IReadOnlyList<ScoredItem> PatientsByAnyChunk(IReadOnlyList<ChunkPrediction> predictions, int output = 0) =>
        predictions.GroupBy(p => p.Patient, StringComparer.Ordinal)
            .Select(g => new ScoredItem(g.Key, g.Any(p => p.HardLabel(output)), g.Max(p => (double)p.Probabilities[output])))
            .ToArray();
}
