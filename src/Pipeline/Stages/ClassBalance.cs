using DataflowLung.Pipeline.Augment;
using LanguageExt;

namespace DataflowLung.Pipeline.Stages;

/// <summary>Class balancing of the training split from its <see cref="ClassCensus"/>: the trainer's class weights
/// and the oversampling rates of the streaming oversampler.</summary>
public static class ClassBalance
{
    /// <summary>Extra copies per chunk of each class so every class present reaches the largest class's count in
    /// expectation: rate_c = max / count_c − 1 (0 for the largest and for absent classes). This is the original's
    /// oversampling ("crackle/wheeze/both up to the none count", in general every class up to the largest) in
    /// streaming form: <see cref="StreamingDraw"/> turns a rate into whole copies per chunk.</summary>
    public static IReadOnlyList<double> OversampleRates(ClassCensus census)
    {
        long max = census.PerClass.Count == 0 ? 0 : census.PerClass.Max();
        return census.PerClass.Select(c => c == 0 ? 0.0 : (double)max / c - 1.0).ToArray();
    }

    /// <summary>Per-class counts after oversampling, in expectation: every class present at the largest count.</summary>
    public static IReadOnlyList<long> CountsAfterOversampling(ClassCensus census)
    {
        long max = census.PerClass.Count == 0 ? 0 : census.PerClass.Max();
        return census.PerClass.Select(c => c == 0 ? 0L : max).ToArray();
    }

    /// <summary>The weights the trainer should use: uniform when class weights are off (<paramref name="classWeights"/>,
    /// the job's one class_weights setting); otherwise balanced over the training chunks as they will be seen (after
    /// oversampling when it is on, which makes them equal for the classes present). Fails when the training split has
    /// no labelled chunk.</summary>
    public static Fin<ClassWeightTable> Weights(ClassCensus census, bool classWeights, bool oversample) =>
        !classWeights
            ? ClassWeightTable.Uniform(census.Task)
            : ClassWeights.FromCounts(oversample ? CountsAfterOversampling(census) : census.PerClass, census.Task);

    /// <summary>Per-class counts of the training set after a whole-set plan's augmentation, as the original's Keras fit
    /// saw them: each AugMix sample in the class of its chunk, each mixed pair (MixUp, CutMix) in class 0, because
    /// Keras cast the soft labels to int (λ·1 + (1 − λ)·0 &lt; 1 → 0).</summary>
    public static IReadOnlyList<long> CountsAfterAugmentation(ClassCensus census, WholeSetPlan plan)
    {
        var counts = census.PerClass.ToArray();
        foreach (var c in census.Identities) counts[c.Class] += plan.AugMixFor(c.Key).Count;
        if (counts.Length > 0) counts[0] += plan.Pairs.Count;
        return counts;
    }
}
