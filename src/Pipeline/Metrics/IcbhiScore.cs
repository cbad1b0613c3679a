namespace DataflowLung.Pipeline.Metrics;

/// <summary>The ICBHI challenge score over K exclusive classes where class 0 is normal and 1 … K−1 are abnormal
/// (4-class: 0 normal, 1 crackle, 2 wheeze, 3 both; 2-class: 0 normal, 1 abnormal). As the challenge defines it:
/// Sp = correctly classified normal cycles / normal cycles; Se = correctly classified abnormal cycles, each counted
/// correct only in its own class (a "both" cycle predicted "crackle" is wrong), / abnormal cycles;
/// Score = (Se + Sp) / 2. <see cref="Confusion"/> rows are true classes, columns predicted ones. A ratio over an
/// empty class is undefined (null), and so is the score then.</summary>
public sealed record IcbhiScore(int[][] Confusion, double? Sensitivity, double? Specificity, double? Score)
{
    public static int ClassOf(bool crackles, bool wheezes) => (crackles ? 1 : 0) + (wheezes ? 2 : 0);

    public static IcbhiScore FromClasses(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes = 4)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true classes but {predicted.Count} predictions");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "the score needs a normal and at least one abnormal class");
        var cm = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (int i = 0; i < truth.Count; i++) cm[truth[i]][predicted[i]]++;
        return FromConfusion(cm);
    }

    /// <summary>The score of a square confusion matrix (rows truth, columns prediction, class 0 normal).</summary>
    public static IcbhiScore FromConfusion(int[][] cm)
    {
        if (cm.Length < 2 || cm.Any(row => row.Length != cm.Length))
            throw new ArgumentException($"the confusion matrix must be square with at least 2 classes (got {cm.Length} rows)", nameof(cm));
        int abnormal = cm.Skip(1).Sum(row => row.Sum());
        int abnormalCorrect = Enumerable.Range(1, cm.Length - 1).Sum(k => cm[k][k]);
        var se = Ratio.Of(abnormalCorrect, abnormal);
        var sp = Ratio.Of(cm[0][0], cm[0].Sum());
        return new IcbhiScore(cm, se, sp, Ratio.Mean(se, sp));
    }
}
