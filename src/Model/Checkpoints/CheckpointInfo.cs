using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Model.Checkpoints;

/// <summary>The JSON sidecar (model.json) next to a checkpoint's model.pt: enough to rebuild the model, make its
/// features and chunks the same way, and know how good it was — <c>predict</c> needs nothing else.
/// <see cref="Plateau"/> and <see cref="Epoch"/> let <c>--resume</c> continue a job from its last checkpoint.
/// <see cref="WeightsSha256"/>: the SHA-256 of model.pt, set when the checkpoint is saved and checked on every load
/// (null in checkpoints from before it existed, which load unchecked). <see cref="OptimizerSha256"/>: the same for the
/// checkpoint's optimizer.pt, checked before a resume trusts it (null when the checkpoint has no optimizer state).</summary>
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
    VersionInfo Versions,
    string? WeightsSha256 = null,
    // Left out when null (every checkpoint but checkpoints/last): sidecars, and the ONNX metadata that embeds them,
    // stay byte for byte what they were before the field existed.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? OptimizerSha256 = null)
{
    public ModelShape Shape => new(Mels, Frames, Outputs);
}
