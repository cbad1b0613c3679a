using DataflowLung.Pipeline.Metrics;
using DataflowLung.Experiments.Plots;
using DataflowLung.Tests.Audio;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Runner;

/// <summary>The ROC curve's bootstrap band: curves read at fixed false-positive rates the way a plot draws them, and a
/// band that is ordered, within [0, 1] and pinned at the corners.</summary>
public sealed class RocBandTests
{
    private static Gen<(double[] Scores, bool[] Labels)> Scored =>
        from n in Gen.Choose(2, 40)
        from scores in Gen.Choose(0, 6).ArrayOf(n) // few distinct values: ties, so vertical and diagonal steps
        from labels in Gen.Elements(true, false).ArrayOf(n)
        select (scores.Select(s => s / 6.0).ToArray(), labels);

    /// <summary>The definition, point by point: the highest true-positive rate of the curve at x (on a point or between two).</summary>
    private static double Naive(RocCurve c, double x)
    {
        double best = double.NegativeInfinity;
        for (int i = 0; i < c.FalsePositiveRate.Length; i++)
        {
            if (c.FalsePositiveRate[i] == x) best = Math.Max(best, c.TruePositiveRate[i]);
            if (i + 1 < c.FalsePositiveRate.Length && c.FalsePositiveRate[i] < x && x < c.FalsePositiveRate[i + 1])
                best = Math.Max(best, c.TruePositiveRate[i] + (c.TruePositiveRate[i + 1] - c.TruePositiveRate[i]) *
                    (x - c.FalsePositiveRate[i]) / (c.FalsePositiveRate[i + 1] - c.FalsePositiveRate[i]));
        }
        return best;
    }

    [Fact]
    public void A_curve_is_read_at_each_rate_as_its_highest_point_there()
    {
        var grid = Enumerable.Range(0, 41).Select(i => i / 40.0).ToArray();
        SeededProperty.Check(Prop.ForAll(Scored.Where(s => s.Labels.Distinct().Count() == 2).ToArbitrary(), s =>
        {
            var curve = RocCurve.Compute(s.Scores, s.Labels);
            var sampled = RocBand.TruePositiveRates(curve, grid);
            for (int i = 0; i < grid.Length; i++) Assert.Equal(Naive(curve, grid[i]), sampled[i], 12);
        }), maxTest: 200, seed: 7001);
    }

    [Fact]
    public void The_band_is_ordered_bounded_and_pinned_at_the_corners()
    {
        var rows = Enumerable.Range(0, 30).SelectMany(p => Enumerable.Range(0, 3).Select(c => (Patient: $"p{p}", Label: p % 3 == 0, Score: (p % 3 == 0 ? 0.3 : 0.0) + 0.02 * ((p * 7 + c) % 30)))).ToArray();
        var p = new BootstrapParams(Resamples: 300, Seed: 3);
        var band = RocBand.Compute(rows, r => r.Patient, r => r.Label, r => r.Score, p)!;
        Assert.Equal(101, band.FalsePositiveRate.Length);
        Assert.All(band.Lower.Zip(band.Upper), b => Assert.InRange(b.Item1, 0, b.Item2));
        Assert.All(band.Upper, u => Assert.InRange(u, 0, 1));
        Assert.Equal(1, band.Lower[^1]);
        Assert.Equal(band.Upper, RocBand.Compute(rows, r => r.Patient, r => r.Label, r => r.Score, p)!.Upper);
        Assert.Null(RocBand.Compute(rows.Where(r => !r.Label).ToArray(), r => r.Patient, r => r.Label, r => r.Score, p)); // one class: no band
    }
}
