using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>One optimisation step on one batch: the task's class-weighted loss (<see cref="TaskHead"/>: BCE-with-logits,
/// or softmax cross-entropy for the cycles tasks) against (optionally smoothed, possibly soft) labels, backward, Adam step. Shared by the trainer and the throughput bench, so the bench measures
/// exactly what training runs.</summary>
public static class TrainStep
{
    /// <summary>Returns the batch's mean weighted loss.</summary>
    public static double Run(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, Batch batch, ClassWeightTable weights,
        double labelSmoothing, Device device)
    {
        using var scope = NewDisposeScope();
        var target = BatchTensors.Labels(batch, device);
        target = TaskHead.Smooth(weights.Task, target, labelSmoothing);
        var logits = model.call(BatchTensors.Inputs(batch, device));
        var loss = TaskHead.MeanLoss(weights.Task, logits, target, BatchTensors.SampleWeights(batch, weights, device));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
