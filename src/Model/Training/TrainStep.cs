using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using TorchSharp.Modules;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>One optimisation step on one batch: the task's class-weighted loss (<see cref="TaskHead"/>: BCE-with-logits,
/// or softmax cross-entropy for the cycles tasks) against (optionally smoothed, possibly soft) labels, backward, Adam
/// step. Shared by the trainer and the throughput bench, so the bench measures exactly what training runs. A step
/// whose loss or any gradient is not finite is refused: the weights stay as they were and
/// <see cref="Result.NonFinite"/> says what was not finite.</summary>
public static class TrainStep
{
    /// <summary>The batch's mean weighted loss, and what was not finite when the step was refused.</summary>
    public sealed record Result(double Loss, Option<string> NonFinite);

    public static Result Run(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, Batch batch, ClassWeightTable weights,
        double labelSmoothing, Device device)
    {
        using var scope = NewDisposeScope();
        var target = BatchTensors.Labels(batch, device);
        target = TaskHead.Smooth(weights.Task, target, labelSmoothing);
        var logits = model.call(BatchTensors.Inputs(batch, device));
        var loss = TaskHead.MeanLoss(weights.Task, logits, target, BatchTensors.SampleWeights(batch, weights, device));
        optimizer.zero_grad();
        loss.backward();
        double value = loss.item<float>();
        var nonFinite = FirstNonFinite(value, model);
        if (nonFinite.IsNone) optimizer.step();
        return new Result(value, nonFinite);
    }

    /// <summary>The loss when it is not finite, else the first parameter whose gradient holds a NaN or an infinity
    /// (one reduction over all gradients; the search by name runs only when it fails).</summary>
    public static Option<string> FirstNonFinite(double loss, nn.Module model)
    {
        if (!double.IsFinite(loss)) return $"the loss is {loss}";
        using var scope = NewDisposeScope();
        var gradients = model.named_parameters().Where(p => p.parameter.grad is not null).ToArray();
        if (gradients.Length == 0) return None;
        if (stack(gradients.Select(p => p.parameter.grad!.isfinite().all()).ToArray()).all().item<bool>()) return None;
        return gradients.Where(p => !p.parameter.grad!.isfinite().all().item<bool>())
            .Select(p => $"the gradient of {p.name} is not finite").First();
    }
}
