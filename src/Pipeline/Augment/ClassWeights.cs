using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Augment;

/// <summary>"Balanced" class weights as the original computed them (scikit-learn's
/// <c>compute_class_weight('balanced')</c> over the classes present): n / (k · count_c), k = number of
/// classes present, so pneumonia gets n / (2 · count_c) over 0/1 and cw 4-class weights. A class absent
/// from training gets weight 0: no sample ever asks for it.</summary>
public static class ClassWeights
{
    public static Fin<ClassWeightTable> Balanced(IReadOnlyList<float[]> hardLabels, LearningTask task)
    {
        if (hardLabels.Count == 0) return FinFail<ClassWeightTable>(Error.New("class weights: the training set has no labelled samples"));
        var counts = new int[ClassIndex.Count(task)];
        foreach (var labels in hardLabels) counts[ClassIndex.Of(labels, task)]++;
        int present = counts.Count(c => c > 0);
        var weights = counts.Select(c => c == 0 ? 0f : (float)((double)hardLabels.Count / (present * c))).ToArray();
        return FinSucc(new ClassWeightTable(task, weights));
    }
}
