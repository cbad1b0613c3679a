using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Model.Checkpoints;

/// <summary>The JSON sidecar (model.json) next to a checkpoint's model.pt: enough to rebuild the model, make its
/// features and chunks the same way, and know how good it was — <c>predict</c> needs nothing else.
/// <see cref="Plateau"/> and <see cref="Epoch"/> let <c>--resume</c> continue a job from its last checkpoint.</summary>
public sealed record CheckpointInfo(
    string Model,
    LearningTask Task,
    int Mels,
    int Frames,
    int Outputs,
    FeatureParams Features,
    ChunkParams Chunks,
    TrainParams Train,
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double?> Metrics,
    ModelSummary Summary,
    PlateauState Plateau,
    VersionInfo Versions)
{
    public ModelShape Shape => new(Mels, Frames, Outputs);
}
