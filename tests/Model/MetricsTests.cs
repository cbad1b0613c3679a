using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Metrics;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Model;

public sealed class MetricsTests
{
    private static readonly bool[] Labels = [true, true, true, false, false, false, false];
    private static readonly double[] Scores = [0.9, 0.6, 0.3, 0.6, 0.4, 0.2, 0.1];

    [Fact]
    public void Threshold_metrics_match_hand_counts()
    {
        // At 0.5: positives predicted 0.9, 0.6 (TP 2), 0.6 negative (FP 1); 0.3 missed (FN 1); TN 3.
        var m = BinaryMetrics.At(Labels, Scores, 0.5);
        Assert.Equal(new BinaryCounts(2, 1, 3, 1), m.Counts);
        Assert.Equal(new[] { new[] { 3, 1 }, new[] { 1, 2 } }, m.Counts.Matrix);
        Assert.Equal(5.0 / 7, m.Accuracy!.Value, 12);
        Assert.Equal(2.0 / 3, m.Sensitivity!.Value, 12);
        Assert.Equal(3.0 / 4, m.Specificity!.Value, 12);
        Assert.Equal((2.0 / 3 + 3.0 / 4) / 2, m.BalancedAccuracy!.Value, 12);
        Assert.Equal(2.0 / 3, m.Precision!.Value, 12);
        Assert.Equal(2.0 / 3, m.F1!.Value, 12);
    }

    [Fact]
    public void Roc_auc_counts_ties_as_half()
    {
        // 3 × 4 = 12 pairs. 0.9 beats all 4; 0.6 beats 0.4, 0.2, 0.1 and ties 0.6 (3.5); 0.3 beats 0.2, 0.1 (2) → 9.5/12.
        Assert.Equal(9.5 / 12, Ranking.RocAuc(Labels, Scores)!.Value, 12);
    }

    [Fact]
    public void Average_precision_steps_over_distinct_thresholds()
    {
        // Thresholds 0.9: R 1/3 P 1; 0.6 (tie, one pos one neg): R 2/3 P 2/3; 0.4: R 2/3; 0.3: R 1 P 3/5.
        double expected = 1.0 / 3 * 1 + 1.0 / 3 * (2.0 / 3) + 1.0 / 3 * (3.0 / 5);
        Assert.Equal(expected, Ranking.AveragePrecision(Labels, Scores)!.Value, 12);
    }

    [Fact]
    public void Youden_threshold_maximises_sensitivity_plus_specificity()
    {
        // J at ≥0.9: 1/3; ≥0.6: 2/3 − 1/4 = 0.4167; ≥0.4: 2/3 − 2/4; ≥0.3: 1 − 2/4 = 0.5 (best); ≥0.2: 1 − 3/4.
        Assert.Equal(0.3, Ranking.YoudenThreshold(Labels, Scores)!.Value, 12);
    }

    [Fact]
    public void One_class_only_leaves_ranking_metrics_and_missing_rates_undefined_not_nan()
    {
        bool[] labels = [false, false, false];
        double[] scores = [0.1, 0.7, 0.2];
        Assert.Null(Ranking.RocAuc(labels, scores));
        Assert.Null(Ranking.AveragePrecision(labels, scores));
        Assert.Null(Ranking.YoudenThreshold(labels, scores));
        var m = BinaryMetrics.At(labels, scores, 0.5);
        Assert.Null(m.Sensitivity);
        Assert.Null(m.BalancedAccuracy);
        Assert.Equal(2.0 / 3, m.Specificity!.Value, 12);
        Assert.Equal(0.0, m.Precision!.Value);
        var none = BinaryMetrics.At(labels, [0.1, 0.2, 0.3], 0.5);
        Assert.Null(none.Precision);
        Assert.Null(none.F1);
        var rows = labels.Select((l, i) => P($"c{i}", "r", "p", l ? 1 : 0, (float)scores[i])).ToArray();
        Assert.Null(TaskRegistry.Pneumonia.Measure(rows).Auc);
        var epoch = TaskRegistry.Pneumonia.EpochMetrics(rows);
        Assert.Null(epoch["chunk_auc"]);
        Assert.Null(epoch["chunk_pr_auc"]);
        Assert.Null(epoch["chunk_youden_threshold"]);
        Assert.Null(epoch["chunk_youden_accuracy"]);
        Assert.Equal(2.0 / 3, epoch["chunk_specificity"]!.Value, 12);
    }

    [Fact]
    public void Recordings_average_chunks_and_patients_average_recordings()
    {
        var predictions = new[]
        {
            P("a_0", "a", "p1", 1, 0.875f), P("a_1", "a", "p1", 1, 0.625f), // recording a: 0.75
            P("b_0", "b", "p1", 1, 0.25f),                                  // recording b: 0.25 → patient p1: 0.5
            P("c_0", "c", "p2", 0, 0.25f), P("c_1", "c", "p2", 0, 0.75f),   // recording c: 0.5 → patient p2: 0.5
        };
        var rows = PredictionLevels.FromChunkRows(predictions, TaskRegistry.Pneumonia, PatientRule.Mean, RowPrecision.Double);
        var recordings = rows.At(PredictionLevel.Recording).ToDictionary(r => r.Recording);
        Assert.Equal(0.75, recordings["a"].Probabilities[0], 12);
        Assert.Equal(0.25, recordings["b"].Probabilities[0], 12);
        var patients = rows.At(PredictionLevel.Patient).ToDictionary(p => p.Patient);
        Assert.Equal(0.5, patients["p1"].Probabilities[0], 12); // mean of recordings, not of its 3 chunks (0.583)
        Assert.Equal(1.0, patients["p1"].Labels[0]);
        Assert.Equal(0.5, patients["p2"].Probabilities[0], 12);
        Assert.Equal(0.0, patients["p2"].Labels[0]);
        // The original's rule: a patient is positive when any chunk is (max chunk probability ≥ 0.5).
        var any = PredictionLevels.FromChunkRows(predictions, TaskRegistry.Pneumonia, PatientRule.AnyChunk, RowPrecision.Double)
            .At(PredictionLevel.Patient).ToDictionary(p => p.Patient);
        Assert.Equal(0.875, any["p1"].Probabilities[0], 12);
        Assert.Equal(0.75, any["p2"].Probabilities[0], 12);
        var patient = TaskRegistry.Pneumonia.Measure(rows.At(PredictionLevel.Patient));
        Assert.Equal(new BinaryCounts(1, 1, 0, 0).Matrix.Select(r => r.Select(v => (long)v)), patient.Confusion);
        var epoch = TaskRegistry.Pneumonia.EpochMetrics(predictions);
        Assert.Equal(0.5, epoch["patient_auc"]!.Value, 12); // p1 and p2 tie at 0.5
        Assert.Equal(1.0, epoch["patient_any_auc"]!.Value, 12);
        Assert.Equal(3, TaskRegistry.Pneumonia.Measure(rows.At(PredictionLevel.Recording)).Count);
    }

    [Fact]
    public void Icbhi_score_uses_the_four_class_view()
    {
        // truth: normal, normal, crackle, wheeze, both, both; predicted: normal, crackle, crackle, both, both, normal.
        var truth = new[] { 0, 0, 1, 2, 3, 3 };
        var predicted = new[] { 0, 1, 1, 3, 3, 0 };
        var s = IcbhiScore.FromClasses(truth, predicted);
        Assert.Equal(2.0 / 4, s.Sensitivity!.Value, 12); // crackle→crackle, both→both of 4 abnormal
        Assert.Equal(1.0 / 2, s.Specificity!.Value, 12);
        Assert.Equal(0.5, s.Score!.Value, 12);
        Assert.Equal(1, s.Confusion[2][3]);
        Assert.Null(IcbhiScore.FromClasses([0, 0], [0, 1]).Score); // no abnormal cycles: Se undefined
    }

    [Fact]
    public void Crackles_wheezes_report_thresholds_each_output_at_half()
    {
        var predictions = new[]
        {
            Row("x_0", [0f, 0f], [0.1f, 0.2f]),  // normal → normal
            Row("x_1", [1f, 0f], [0.8f, 0.1f]),  // crackle → crackle
            Row("x_2", [1f, 1f], [0.7f, 0.3f]),  // both → crackle (wrong)
            Row("x_3", [0f, 1f], [0.2f, 0.9f]),  // wheeze → wheeze
        };
        var flat = TaskRegistry.CracklesWheezes.EpochMetrics(predictions);
        Assert.Equal(2.0 / 3, flat["icbhi_sensitivity"]!.Value, 12);
        Assert.Equal(1.0, flat["icbhi_specificity"]!.Value, 12);
        Assert.Equal(1.0, flat["crackles_auc"]!.Value, 12);
        Assert.Equal(0.5, flat["wheezes_sensitivity"]!.Value, 12);
    }

    [Fact]
    public void Roc_auc_equals_the_pairwise_definition()
    {
        var gen =
            from n in Gen.Choose(2, 30)
            from labels in Gen.ArrayOf(Gen.Elements(true, false), n)
            from scores in Gen.ArrayOf(Gen.Choose(0, 5).Select(v => v / 5.0), n)
            select (labels, scores);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (labels, scores) = t;
            var auc = Ranking.RocAuc(labels, scores);
            var pos = scores.Where((_, i) => labels[i]).ToArray();
            var neg = scores.Where((_, i) => !labels[i]).ToArray();
            if (pos.Length == 0 || neg.Length == 0) return auc is null;
            double pairs = pos.Sum(p => neg.Sum(q => p > q ? 1.0 : p == q ? 0.5 : 0.0));
            return auc is { } a && Math.Abs(a - pairs / (pos.Length * neg.Length)) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    private static PredictionRow P(string chunk, string recording, string patient, float label, float p) =>
        new(PredictionLevel.Chunk, chunk, "d", recording, patient, [label], [p]);

    private static PredictionRow Row(string chunk, float[] labels, float[] p) =>
        PredictionRow.OfChunk(chunk, new RecordingRef("d", "/x.wav", "x", "p", new RecordingLabels(0), LanguageExt.Prelude.None), labels, p);
}
