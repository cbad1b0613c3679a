namespace DataflowLung.Pipeline.Augment;

/// <summary>One loss weight per class (indexed as <see cref="ClassIndex"/>). <see cref="SampleWeight"/>
/// also serves soft labels from mixing: the expected weight under the label's class probabilities
/// (crackles and wheezes taken as independent), which equals the class weight for a hard label.</summary>
public sealed record ClassWeightTable(LearningTask Task, float[] PerClass)
{
    public static ClassWeightTable Uniform(LearningTask task) => new(task, Enumerable.Repeat(1f, ClassIndex.Count(task)).ToArray());

    public float SampleWeight(ReadOnlySpan<float> labels)
    {
        if (labels.Length != Task.OutputCount())
            throw new ArgumentException($"a {Task.CliName()} label has {Task.OutputCount()} values (got {labels.Length})", nameof(labels));
        if (Task == LearningTask.Pneumonia)
            return labels[0] * PerClass[1] + (1 - labels[0]) * PerClass[0];
        float c = labels[0], w = labels[1];
        return (1 - c) * (1 - w) * PerClass[0] + c * (1 - w) * PerClass[1] + (1 - c) * w * PerClass[2] + c * w * PerClass[3];
    }
}
