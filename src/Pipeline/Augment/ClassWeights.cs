using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Augment;

/// <summary>"Balanced" class weights as the original computed them (scikit-learn's
/// <c>compute_class_weight('balanced')</c> over the classes present): n / (k · count_c), k = number of
/// classes present, so pneumonia gets n / (2 · count_c) over 0/1 and cw 4-class weights. A class absent
/// from training gets weight 0: no sample ever asks for it. The one class-weight implementation of the
/// project: the trainer weights each sample with <see cref="ClassWeightTable.SampleWeight"/>.</summary>
public static class ClassWeights
{
    public static Fin<ClassWeightTable> Balanced(IReadOnlyList<float[]> hardLabels, LearningTask task)
    {
        var counts = new long[task.ClassCount];
        foreach (var labels in hardLabels) counts[task.ClassOf(labels)]++;
        return FromCounts(counts, task);
    }

    /// <summary>Balanced weights from per-class sample counts (indexed as <see cref="LearningTask.ClassOf"/>), e.g. a
    /// labels-only census of the training chunks.</summary>
    public static Fin<ClassWeightTable> FromCounts(IReadOnlyList<long> counts, LearningTask task)
    {
        if (counts.Count != task.ClassCount)
            throw new ArgumentException($"a {task.Name} census has {task.ClassCount} classes (got {counts.Count})", nameof(counts));
        if (counts.Any(c => c < 0)) throw new ArgumentException("class counts must be ≥ 0", nameof(counts));
        long n = counts.Sum();
        if (n == 0) return FinFail<ClassWeightTable>(Error.New("class weights: the training set has no labelled samples"));
        int present = counts.Count(c => c > 0);
        var weights = counts.Select(c => c == 0 ? 0f : (float)((double)n / (present * c))).ToArray();
        return FinSucc(new ClassWeightTable(task, weights));
    }
}
