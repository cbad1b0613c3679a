using DataflowLung.Pipeline.Tasks;

namespace DataflowLung.Pipeline.Augment;

/// <summary>One loss weight per class (indexed as <see cref="LearningTask.ClassOf"/>). <see cref="SampleWeight"/>
/// also serves soft labels from mixing: the expected weight under the label's class shares
/// (<see cref="LearningTask.ClassShares"/>), which equals the class weight for a hard label.</summary>
public sealed record ClassWeightTable(LearningTask Task, float[] PerClass)
{
    public static ClassWeightTable Uniform(LearningTask task) => new(task, Enumerable.Repeat(1f, task.ClassCount).ToArray());

    public float SampleWeight(ReadOnlySpan<float> labels)
    {
        if (labels.Length != Task.Outputs)
            throw new ArgumentException($"a {Task.Name} label has {Task.Outputs} values (got {labels.Length})", nameof(labels));
        var shares = Task.ClassShares(labels);
        float w = 0;
        for (int k = 0; k < shares.Length; k++) w += shares[k] * PerClass[k];
        return w;
    }
}
