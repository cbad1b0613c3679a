namespace DataflowLung.Pipeline.Augment;

/// <summary>One loss weight per class (indexed as <see cref="ClassIndex"/>). <see cref="SampleWeight"/>
/// also serves soft labels from mixing: the expected weight under the label's class probabilities
/// (crackles and wheezes taken as independent; a cycles label is itself the class distribution), which equals
/// the class weight for a hard label.</summary>
public sealed record ClassWeightTable(LearningTask Task, float[] PerClass)
{
    public static ClassWeightTable Uniform(LearningTask task) => new(task, Enumerable.Repeat(1f, ClassIndex.Count(task)).ToArray());

    public float SampleWeight(ReadOnlySpan<float> labels)
    {
        if (labels.Length != Task.OutputCount())
            throw new ArgumentException($"a {Task.CliName()} label has {Task.OutputCount()} values (got {labels.Length})", nameof(labels));
        if (Task.IsSoftmax())
        {
            float w = 0;
            for (int k = 0; k < labels.Length; k++) w += labels[k] * PerClass[k];
            return w;
        }
        if (Task == LearningTask.Pneumonia)
            return labels[0] * PerClass[1] + (1 - labels[0]) * PerClass[0];
        float c = labels[0], wh = labels[1];
        return (1 - c) * (1 - wh) * PerClass[0] + c * (1 - wh) * PerClass[1] + (1 - c) * wh * PerClass[2] + c * wh * PerClass[3];
    }
}
