using DataflowLung.Experiments.Plots;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Runner;

public sealed class RocCurveTests
{
    /// <summary>Reference AUC: the share of (positive, negative) pairs ranked correctly, ties counting half.</summary>
    private static double PairwiseAuc(double[] scores, bool[] labels)
    {
        double wins = 0, pairs = 0;
        for (var i = 0; i < scores.Length; i++)
            for (var j = 0; j < scores.Length; j++)
                if (labels[i] && !labels[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
        return wins / pairs;
    }

    [Fact]
    public void Trapezoid_area_equals_the_pairwise_ranking_auc_including_ties()
    {
        var gen =
            from n in Gen.Choose(2, 40)
            from scores in Gen.Choose(0, 6).ArrayOf(n) // few distinct values: many ties
            from labels in Gen.Elements(true, false).ArrayOf(n)
            select (Scores: scores.Select(s => s / 6.0).ToArray(), Labels: labels);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var area = TrapezoidArea(c.Scores, c.Labels);
            var singleClass = c.Labels.All(l => l) || c.Labels.All(l => !l);
            return singleClass ? double.IsNaN(area) : Math.Abs(area - PairwiseAuc(c.Scores, c.Labels)) < 1e-12;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void The_curve_runs_from_origin_to_one_one_and_never_decreases()
    {
        var roc = RocCurve.Compute([0.9, 0.8, 0.8, 0.3, 0.1], [true, false, true, false, false]);
        Assert.Equal((0.0, 0.0), (roc.FalsePositiveRate[0], roc.TruePositiveRate[0]));
        Assert.Equal((1.0, 1.0), (roc.FalsePositiveRate[^1], roc.TruePositiveRate[^1]));
        for (var i = 1; i < roc.FalsePositiveRate.Length; i++)
        {
            Assert.True(roc.FalsePositiveRate[i] >= roc.FalsePositiveRate[i - 1]);
            Assert.True(roc.TruePositiveRate[i] >= roc.TruePositiveRate[i - 1]);
        }
    }

    /// <summary>Trapezoid area under the computed curve; NaN when only one class is present (no curve to speak of).</summary>
    static double TrapezoidArea(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (positive.All(x => x) || positive.All(x => !x)) return double.NaN;
        var roc = RocCurve.Compute(scores, positive);
        var area = 0.0;
        for (var i = 1; i < roc.FalsePositiveRate.Length; i++)
            area += (roc.FalsePositiveRate[i] - roc.FalsePositiveRate[i - 1]) * (roc.TruePositiveRate[i] + roc.TruePositiveRate[i - 1]) / 2;
        return area;
    }
}
