using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>What turns a task's logits into probabilities and a loss. Independent outputs (pneumonia, crackles and
/// wheezes): sigmoid and BCE-with-logits per output. Exclusive classes (the cycles tasks): softmax and cross-entropy
/// against the label distribution, −Σₖ tₖ·log softmax(z)ₖ, which is the usual cross-entropy for a one-hot label and
/// still defined for the soft labels of MixUp/CutMix. Sample weights (class weights) are a <c>[B, 1]</c> column.</summary>
public static class TaskHead
{
    public static Tensor Probabilities(LearningTask task, Tensor logits) =>
        task.ExclusiveClasses ? nn.functional.softmax(logits, 1) : nn.functional.sigmoid(logits);

    /// <summary>Label smoothing towards the uniform target: 0.5 per sigmoid output, 1/K over K softmax classes.</summary>
    public static Tensor Smooth(LearningTask task, Tensor target, double smoothing) =>
        smoothing <= 0 ? target : target * (1 - smoothing) + smoothing * (task.ExclusiveClasses ? 1.0 / task.Outputs : 0.5);

    /// <summary>The weighted mean loss of a batch (a sigmoid task averages over samples and outputs, as BCE does).</summary>
    public static Tensor MeanLoss(LearningTask task, Tensor logits, Tensor target, Tensor sampleWeights)
    {
        if (!task.ExclusiveClasses) return nn.functional.binary_cross_entropy_with_logits(logits, target, sampleWeights);
        var perSample = -(target * nn.functional.log_softmax(logits, 1)).sum(1, keepdim: true);
        return (perSample * sampleWeights).mean();
    }

    /// <summary>The unweighted loss summed over the batch, and how many terms it holds (samples × outputs for sigmoid
    /// tasks, samples for softmax ones), for a mean over a whole validation pass.</summary>
    public static (Tensor Sum, long Terms) SummedLoss(LearningTask task, Tensor logits, Tensor target)
    {
        if (!task.ExclusiveClasses)
            return (nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.Sum), logits.numel());
        return (-(target * nn.functional.log_softmax(logits, 1)).sum(), logits.shape[0]);
    }
}
