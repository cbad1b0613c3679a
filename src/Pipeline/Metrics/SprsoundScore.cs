namespace DataflowLung.Pipeline.Metrics;

/// <summary>The SPRSound (BioCAS 2022 Grand Challenge) score over K exclusive classes, as the organisers define it.
/// Class 0 is Normal; <paramref name="PoorQuality"/> names the Poor Quality class when the task has one; every other
/// class is adventitious.
/// <list type="bullet">
/// <item>SP = Normal samples predicted Normal / all Normal samples.</item>
/// <item>SE = adventitious samples predicted in their exact class / all adventitious samples, pooled over the classes
/// (not a mean of per-class recalls).</item>
/// <item>Poor Quality samples count in neither; a Poor Quality prediction for any other sample is simply wrong.</item>
/// <item>AS = (SE + SP) / 2; HS = 2·SE·SP / (SE + SP), 0 when both are 0; Score = (AS + HS) / 2.</item>
/// </list>
/// <see cref="Confusion"/> keeps every class (rows truth, columns prediction), even those a set lacks. A ratio over an
/// empty class is undefined (null), and so is every score built from it.</summary>
public sealed record SprsoundScore(long[][] Confusion, int? PoorQuality, double? Sensitivity, double? Specificity,
    double? AverageScore, double? HarmonicScore, double? Score)
{
    public const int Normal = 0;

    public static SprsoundScore FromClasses(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes, int? poorQuality)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true classes but {predicted.Count} predictions");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "the score needs Normal and at least one other class");
        var cm = Enumerable.Range(0, classes).Select(_ => new long[classes]).ToArray();
        for (int i = 0; i < truth.Count; i++) cm[truth[i]][predicted[i]]++;
        return FromConfusion(cm, poorQuality);
    }

    /// <summary>The scores of a square confusion matrix (rows truth, columns prediction, class 0 Normal).</summary>
    public static SprsoundScore FromConfusion(long[][] cm, int? poorQuality)
    {
        if (cm.Length < 2 || cm.Any(row => row.Length != cm.Length))
            throw new ArgumentException($"the confusion matrix must be square with at least 2 classes (got {cm.Length} rows)", nameof(cm));
        if (poorQuality is { } pq && (pq <= Normal || pq >= cm.Length))
            throw new ArgumentOutOfRangeException(nameof(poorQuality), poorQuality, $"Poor Quality must be one of classes 1 … {cm.Length - 1}");
        var adventitious = Enumerable.Range(1, cm.Length - 1).Where(k => k != poorQuality).ToArray();
        var se = Ratio.Of(adventitious.Sum(k => cm[k][k]), adventitious.Sum(k => cm[k].Sum()));
        var sp = Ratio.Of(cm[Normal][Normal], cm[Normal].Sum());
        var average = Ratio.Mean(se, sp);
        var harmonic = Harmonic(se, sp);
        return new SprsoundScore(cm, poorQuality, se, sp, average, harmonic, Ratio.Mean(average, harmonic));
    }

    /// <summary>2·SE·SP / (SE + SP), defined as 0 when both are 0 (as the organisers' scoring does).</summary>
    private static double? Harmonic(double? se, double? sp) => se is { } a && sp is { } b ? (a + b == 0 ? 0 : 2 * a * b / (a + b)) : null;
}
