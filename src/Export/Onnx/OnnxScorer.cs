using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static LanguageExt.Prelude;

namespace DataflowLung.Export.Onnx;

/// <summary>An exported log-mel model run by ONNX Runtime (CPU): the <see cref="IChunkScorer"/> behind
/// <c>predict --engine onnx</c>. Nothing here touches libtorch. The model's metadata gives its task, features and
/// chunking (<see cref="OnnxMetadata"/>).</summary>
public sealed class OnnxScorer : IChunkScorer
{
    private readonly InferenceSession session;

    private OnnxScorer(InferenceSession session, CheckpointInfo info)
    {
        this.session = session;
        Info = info;
    }

    public CheckpointInfo Info { get; }

    public static Fin<OnnxScorer> Load(string path)
    {
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });
        }
        catch (OnnxRuntimeException e)
        {
            return FinFail<OnnxScorer>(Error.New($"{path}: ONNX Runtime cannot load it ({e.Message})"));
        }
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var loaded =
            from info in OnnxMetadata.Checkpoint(path, metadata)
            from _ in metadata.GetValueOrDefault(OnnxMetadata.InputKindKey) == OnnxMetadata.AudioInput
                ? FinFail<Unit>(Error.New($"{path}: takes audio samples (exported --with-frontend, for apps); predict needs the log-mel model (export without --with-frontend)"))
                : FinSucc(unit)
            select new OnnxScorer(session, info);
        if (loaded.IsFail) session.Dispose();
        return loaded;
    }

    public Fin<float[]> Probabilities(Batch batch)
    {
        if (BatchTensors.Problem(batch, Info.Shape).Case is string problem) return FinFail<float[]>(Error.New(problem));
        var input = new DenseTensor<float>(batch.Inputs, [batch.Size, 1, batch.Mels, batch.Frames]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.LogMelName, input)], [OnnxExporter.ProbabilitiesName]);
        return FinSucc(results.First().AsEnumerable<float>().ToArray());
    }

    public void Dispose() => session.Dispose();
}
