using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline;
using LanguageExt;

namespace DataflowLung.Model.Training;

/// <summary>Something that turns a batch of feature chunks into probabilities: the TorchSharp
/// <see cref="Predictor"/> or an exported model run by ONNX Runtime (DataflowLung.Export.Onnx.OnnxScorer).
/// <c>predict</c> and the validation pass only see this, so their row logic is the same for every engine.</summary>
public interface IChunkScorer : IDisposable
{
    /// <summary>What the model was trained on: task, feature and chunk parameters, input shape.</summary>
    CheckpointInfo Info { get; }

    /// <summary>Sigmoid probabilities, row-major <c>[Size, Outputs]</c>.</summary>
    Fin<float[]> Probabilities(Batch batch);
}
