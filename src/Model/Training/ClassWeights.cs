using DataflowLung.Pipeline;

namespace DataflowLung.Model.Training;

/// <summary>Per-class loss weights, "balanced" as the original computed them: n / (k · count_c) over hard labels,
/// with k = 2 classes for pneumonia and the 4-class view (normal, crackle, wheeze, both) for cw. Each sample
/// is weighted by its hard class; soft labels are rounded at 0.5 for that.</summary>
public sealed record ClassWeights(LearningTask Task, double[] PerClass)
{
    public static int ClassOf(LearningTask task, ReadOnlySpan<float> labels) =>
        task == LearningTask.Pneumonia
            ? labels[0] >= 0.5f ? 1 : 0
            : (labels[0] >= 0.5f ? 1 : 0) + (labels[1] >= 0.5f ? 2 : 0);

    public static int ClassCount(LearningTask task) => task == LearningTask.Pneumonia ? 2 : 4;

    /// <summary>Balanced weights from the training labels; a class absent from them gets weight 0 (no sample
    /// will need it).</summary>
    public static ClassWeights Balanced(LearningTask task, IEnumerable<float[]> labels)
    {
        int k = ClassCount(task);
        var counts = new long[k];
        long n = 0;
        foreach (var l in labels) { counts[ClassOf(task, l)]++; n++; }
        return new ClassWeights(task, counts.Select(c => c == 0 ? 0.0 : (double)n / (k * c)).ToArray());
    }

    public static ClassWeights Uniform(LearningTask task) => new(task, Enumerable.Repeat(1.0, ClassCount(task)).ToArray());

    public double WeightOf(ReadOnlySpan<float> labels) => PerClass[ClassOf(Task, labels)];
}
