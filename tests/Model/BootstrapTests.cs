using DataflowLung.Pipeline.Metrics;
using DataflowLung.Tests.Audio;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Model;

/// <summary>The patient (cluster) bootstrap: intervals contain the point estimate, narrow as patients are added,
/// repeat exactly for a seed, and resample whole patients.</summary>
public sealed class BootstrapTests
{
    private sealed record Row(string Patient, bool Label, double Score);

    private static readonly BootstrapParams Quick = new(Resamples: 400, Seed: 7);

    /// <summary>Patients with 1–6 rows each; the label is the patient's, the score noisy around it.</summary>
    private static Gen<Row[]> Patients(int min, int max) =>
        from n in Gen.Choose(min, max)
        from patients in (from rows in Gen.Choose(1, 6)
                          from positive in Gen.Elements(true, false)
                          from scores in Gen.Choose(0, 1000).ArrayOf(rows)
                          select (positive, scores)).ArrayOf(n)
        select patients.SelectMany((p, i) => p.scores.Select(s => new Row($"p{i:000}", p.positive,
            Math.Clamp((p.positive ? 0.15 : -0.15) + s / 1000.0, 0, 1)))).ToArray();

    private static IReadOnlyDictionary<string, double?> Metrics(IReadOnlyList<Row> rows)
    {
        var labels = rows.Select(r => r.Label).ToArray();
        var scores = rows.Select(r => r.Score).ToArray();
        var m = BinaryMetrics.At(labels, scores, 0.5);
        return new Dictionary<string, double?>
        {
            ["auc"] = Ranking.RocAuc(labels, scores),
            ["accuracy"] = m.Accuracy,
            ["sensitivity"] = m.Sensitivity,
            ["mean_score"] = rows.Count == 0 ? null : scores.Average(),
            ["brier"] = Calibration.Brier(labels, scores),
        };
    }

    [Fact]
    public void The_interval_contains_the_point_estimate()
    {
        SeededProperty.Check(Prop.ForAll(Patients(2, 40).ToArbitrary(), rows =>
        {
            foreach (var (name, i) in ClusterBootstrap.Intervals(rows, r => r.Patient, Metrics, Quick))
            {
                if (i.Value is null) Assert.NotNull(i.Reason);
                if (i.Low is not { } lo || i.High is not { } hi) continue;
                Assert.True(lo <= i.Value + 1e-12 && i.Value <= hi + 1e-12, $"{name}: {i.Value} outside [{lo}, {hi}]");
                Assert.True(i.DefinedResamples >= Quick.MinDefinedFraction * Quick.Resamples);
            }
        }), maxTest: 60, seed: 20261);
    }

    [Fact]
    public void The_interval_narrows_as_patients_are_added()
    {
        // The same patients four times over: the same point estimates on four times the patients.
        SeededProperty.Check(Prop.ForAll(Patients(6, 30).ToArbitrary(), rows =>
        {
            var more = Enumerable.Range(0, 4).SelectMany(k => rows.Select(r => r with { Patient = $"{r.Patient}#{k}" })).ToArray();
            var few = ClusterBootstrap.Intervals(rows, r => r.Patient, Metrics, Quick);
            var many = ClusterBootstrap.Intervals(more, r => r.Patient, Metrics, Quick);
            foreach (var name in new[] { "mean_score", "brier", "accuracy" })
            {
                Assert.InRange(Math.Abs(few[name].Value!.Value - many[name].Value!.Value), 0, 1e-12);
                Assert.Equal(4 * few[name].Clusters, many[name].Clusters);
                if (few[name].Width is > 0.02 and var w) Assert.True(many[name].Width < w, $"{name}: width {many[name].Width} with 4× the patients, {w} before");
            }
        }), maxTest: 40, seed: 20262);
    }

    [Fact]
    public void Same_seed_same_interval_whatever_the_row_order()
    {
        SeededProperty.Check(Prop.ForAll(Patients(3, 30).ToArbitrary(), rows =>
        {
            var a = ClusterBootstrap.Intervals(rows, r => r.Patient, Metrics, Quick);
            var b = ClusterBootstrap.Intervals(rows.Reverse().ToArray(), r => r.Patient, Metrics, Quick);
            foreach (var name in new[] { "mean_score", "brier" })
            {
                // Only the order of rows within a patient changes, which these metrics do not see.
                Assert.Equal(a[name].Low!.Value, b[name].Low!.Value, 12);
                Assert.Equal(a[name].High!.Value, b[name].High!.Value, 12);
            }
            Assert.Equal(a, ClusterBootstrap.Intervals(rows, r => r.Patient, Metrics, Quick));
        }), maxTest: 30, seed: 20263);
        var rows = Patients(20, 20).Sample(1, 1).Single();
        Assert.NotEqual(ClusterBootstrap.Interval(rows, r => r.Patient, r => r.Average(x => x.Score), Quick),
            ClusterBootstrap.Interval(rows, r => r.Patient, r => r.Average(x => x.Score), Quick with { Seed = 8 }));
    }

    [Fact]
    public void A_resample_is_whole_patients_drawn_with_replacement()
    {
        SeededProperty.Check(Prop.ForAll(Patients(1, 25).ToArbitrary(), rows =>
        {
            var sizes = rows.GroupBy(r => r.Patient).ToDictionary(g => g.Key, g => g.Count());
            foreach (var resample in ClusterBootstrap.Resamples(rows, r => r.Patient, 50, 3))
            {
                int drawn = 0;
                foreach (var g in resample.GroupBy(r => r.Patient))
                {
                    Assert.Equal(0, g.Count() % sizes[g.Key]); // every row of a drawn patient, as often as it was drawn
                    drawn += g.Count() / sizes[g.Key];
                    Assert.All(g.Chunk(sizes[g.Key]), copy => Assert.Equal(rows.Where(r => r.Patient == g.Key), copy));
                }
                Assert.Equal(sizes.Count, drawn); // as many patients as there are
            }
        }), maxTest: 60, seed: 20264);
    }

    [Fact]
    public void An_undefined_metric_is_null_with_a_reason_and_a_rarely_defined_one_has_no_interval()
    {
        var negatives = Enumerable.Range(0, 10).Select(i => new Row($"n{i}", false, i / 10.0)).ToArray();
        var auc = ClusterBootstrap.Interval(negatives, r => r.Patient, r => Ranking.RocAuc(r.Select(x => x.Label).ToArray(), r.Select(x => x.Score).ToArray()), Quick);
        Assert.Null(auc.Value);
        Assert.Null(auc.Low);
        Assert.Contains("undefined", auc.Reason);

        // One positive among 40 patients: a resample holds it with probability 1 − (39/40)^40 ≈ 64 %.
        var onePositive = negatives.Concat(Enumerable.Range(10, 30).Select(i => new Row($"n{i}", false, 0.3)))
            .Append(new Row("p", true, 0.95)).ToArray();
        var rare = ClusterBootstrap.Interval(onePositive, r => r.Patient, r => Ranking.RocAuc(r.Select(x => x.Label).ToArray(), r.Select(x => x.Score).ToArray()),
            Quick with { MinDefinedFraction = 0.9 });
        Assert.Equal(1.0, rare.Value);
        Assert.Null(rare.Low);
        Assert.InRange(rare.DefinedResamples, 200, 320);
        Assert.Contains($"defined on only {rare.DefinedResamples} of 400", rare.Reason);
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics_like_numpy()
    {
        double[] v = [1, 2, 3, 4];
        Assert.Equal(1.75, ClusterBootstrap.Quantile(v, 0.25), 12); // numpy.quantile([1,2,3,4], 0.25)
        Assert.Equal(3.925, ClusterBootstrap.Quantile(v, 0.975), 12);
        Assert.Equal(1, ClusterBootstrap.Quantile(v, 0), 12);
        Assert.Equal(4, ClusterBootstrap.Quantile(v, 1), 12);
    }

    [Fact]
    public void Brier_score_and_reliability_bins_match_hand_counts()
    {
        bool[] labels = [true, false, true, false];
        double[] scores = [0.9, 0.2, 0.55, 1.0];
        Assert.Equal((0.01 + 0.04 + 0.2025 + 1.0) / 4, Calibration.Brier(labels, scores)!.Value, 12);
        Assert.Null(Calibration.Brier([], []));
        var bins = Calibration.Reliability(labels, scores, 10);
        Assert.Equal(new[] { 0.2, 0.5, 0.9 }, bins.Select(b => b.Lower).ToArray());
        var top = bins.Single(b => b.Lower == 0.9); // 0.9 and 1.0 (a score of 1 falls in the last bin)
        Assert.Equal(2, top.Count);
        Assert.Equal(0.95, top.MeanPredicted, 12);
        Assert.Equal(0.5, top.ObservedFraction, 12);
    }
}
