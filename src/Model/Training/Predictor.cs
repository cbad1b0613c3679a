using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>A trained model loaded from a checkpoint folder (model.pt + model.json) for <c>predict</c> and
/// <c>evaluate</c>: the sidecar says which model to build and how its inputs were made.</summary>
public sealed class Predictor : IChunkScorer
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly Device device;

    private Predictor(CheckpointInfo info, nn.Module<Tensor, Tensor> model, Device device)
    {
        Info = info;
        this.model = model;
        this.device = device;
    }

    public CheckpointInfo Info { get; }

    /// <summary>The loaded network in evaluation mode (for export).</summary>
    public nn.Module<Tensor, Tensor> Network => model;

    /// <summary>Loads a checkpoint. With <paramref name="foldBatchNorm"/> every BatchNorm that folds exactly into its
    /// neighbour is merged away (<see cref="BatchNormFolding"/>): the same probabilities up to float rounding, faster;
    /// for predicting only (the network then has other parameter names than a checkpoint, and mixednet's Grad-CAM
    /// layer would be read before its BatchNorm).</summary>
    public static Fin<Predictor> Load(string checkpointDirectory, string device = "cpu", bool foldBatchNorm = false) =>
        from info in CheckpointStore.ReadInfo(checkpointDirectory)
        from factory in ModelRegistry.Find(info.Model)
        from dev in DeviceSelection.Resolve(device)
        from predictor in Build(checkpointDirectory, info, factory, dev, foldBatchNorm)
        select predictor;

    private static Fin<Predictor> Build(string directory, CheckpointInfo info, ModelFactory factory, Device device, bool foldBatchNorm)
    {
        var model = factory.Create(info.Shape, info.Train.Seed);
        var loaded = CheckpointStore.LoadWeights(directory, model);
        if (loaded.IsFail) { model.Dispose(); return loaded.Map(_ => default(Predictor)!); }
        model.to(device);
        model.eval();
        if (!foldBatchNorm) return FinSucc(new Predictor(info, model, device));
        using var trained = model;
        return FinSucc(new Predictor(info, BatchNormFolding.Folded(factory, info.Shape, trained), device));
    }

    /// <summary>Probabilities of the task's head (sigmoid, or softmax for the cycles tasks), row-major <c>[Size, Outputs]</c>.</summary>
    public Fin<float[]> Probabilities(Batch batch)
    {
        if (BatchTensors.Problem(batch, Info.Shape).Case is string problem) return FinFail<float[]>(Error.New(problem));
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var logits = model.call(BatchTensors.Inputs(batch, device));
        return FinSucc(TaskHead.Probabilities(Info.Task, logits).cpu().data<float>().ToArray());
    }

    /// <summary>Grad-CAM maps of output <paramref name="output"/> at the model's last convolutional block, one row-major
    /// <c>[Mels, Frames]</c> map in [0, 1] per chunk of the batch (<see cref="Explain.GradCam"/>).</summary>
    public Fin<float[][]> GradCam(Batch batch, int output = 0, Explain.CamLayer layer = Explain.CamLayer.Last)
    {
        if (BatchTensors.Problem(batch, Info.Shape).Case is string problem) return FinFail<float[][]>(Error.New(problem));
        using var scope = NewDisposeScope();
        return Explain.GradCam.Compute(model, BatchTensors.Inputs(batch, device), output, layer);
    }

    /// <summary>Predictions for every chunk of <paramref name="batches"/> with the mean validation loss.</summary>
    public Task<Fin<Evaluation.Result>> EvaluateAsync(IAsyncEnumerable<Batch> batches, CancellationToken ct = default) =>
        Evaluation.RunAsync(model, Info.Shape, device, batches, Info.Task, ct);

    public void Dispose() => model.Dispose();
}
