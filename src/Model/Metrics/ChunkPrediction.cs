using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>A model's probabilities for one chunk with everything needed to aggregate it: its recording and
/// patient (unique across datasets) and its labels (soft labels are rounded at 0.5 where a hard one is needed).</summary>
public sealed record ChunkPrediction(string Chunk, string Recording, string Patient, float[] Labels, float[] Probabilities)
{
    public bool HardLabel(int output) => Labels[output] >= 0.5f;
}
