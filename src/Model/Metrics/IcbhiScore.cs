namespace DataflowLung.Model.Metrics;

/// <summary>The ICBHI challenge score on the 4-class view (0 normal, 1 crackle, 2 wheeze, 3 both):
/// Se = correctly classified abnormal / all abnormal, Sp = correctly classified normal / all normal,
/// Score = (Se + Sp) / 2. <see cref="Confusion"/> rows are true classes, columns predicted ones.</summary>
public sealed record IcbhiScore(int[][] Confusion, double? Sensitivity, double? Specificity, double? Score)
{
    public static int ClassOf(bool crackles, bool wheezes) => (crackles ? 1 : 0) + (wheezes ? 2 : 0);

    public static IcbhiScore FromClasses(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true classes but {predicted.Count} predictions");
        var cm = Enumerable.Range(0, 4).Select(_ => new int[4]).ToArray();
        for (int i = 0; i < truth.Count; i++) cm[truth[i]][predicted[i]]++;
        int abnormal = cm.Skip(1).Sum(row => row.Sum());
        var se = Ratio.Of(cm[1][1] + cm[2][2] + cm[3][3], abnormal);
        var sp = Ratio.Of(cm[0][0], cm[0].Sum());
        return new IcbhiScore(cm, se, sp, Ratio.Mean(se, sp));
    }
}
