using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The model's probabilities for one validation chunk, with its recording (for aggregation by
/// recording and patient) and its labels.</summary>
public sealed record ChunkOutcome(string Chunk, RecordingRef Recording, float[] Labels, float[] Probabilities)
{
    /// <summary>Its row of predictions.csv.</summary>
    public PredictionRow Row => PredictionRow.OfChunk(Chunk, Recording, Labels, Probabilities);
}
