using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Xunit;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary>The ICBHI challenge metrics on hand-made confusion matrices, the per-epoch cycles report and the softmax
/// head's loss.</summary>
public sealed class CyclesMetricsTests
{
    [Fact]
    public void Challenge_score_counts_each_abnormal_cycle_correct_only_in_its_own_class()
    {
        // rows truth (normal, crackle, wheeze, both), columns prediction
        int[][] cm =
        [
            [50, 5, 3, 2],  // 60 normal, 50 right
            [4, 10, 1, 5],  // 20 crackle, 10 right (5 called "both": wrong)
            [6, 0, 12, 2],  // 20 wheeze, 12 right
            [1, 3, 2, 4],   // 10 both, 4 right (3 called crackle, 2 wheeze: wrong)
        ];
        var score = IcbhiScore.FromConfusion(cm);
        Assert.Equal(50.0 / 60, score.Specificity!.Value, 12);
        Assert.Equal((10.0 + 12 + 4) / (20 + 20 + 10), score.Sensitivity!.Value, 12);
        Assert.Equal((50.0 / 60 + 26.0 / 50) / 2, score.Score!.Value, 12);
    }

    [Fact]
    public void A_both_cycle_predicted_as_crackle_or_wheeze_is_not_sensitivity()
    {
        var perfectBoth = IcbhiScore.FromConfusion([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 3]]);
        var halfBoth = IcbhiScore.FromConfusion([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 1]]);
        Assert.Equal(1.0, perfectBoth.Sensitivity!.Value, 12);
        Assert.Equal(1.0 / 3, halfBoth.Sensitivity!.Value, 12);
        Assert.Equal(1.0, halfBoth.Specificity!.Value, 12);
    }

    [Fact]
    public void Two_class_score_is_balanced_accuracy_and_empty_classes_are_undefined()
    {
        var two = IcbhiScore.FromConfusion([[8, 2], [3, 7]]);
        Assert.Equal(0.8, two.Specificity!.Value, 12);
        Assert.Equal(0.7, two.Sensitivity!.Value, 12);
        Assert.Equal(0.75, two.Score!.Value, 12);
        var noAbnormal = IcbhiScore.FromConfusion([[5, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
        Assert.Null(noAbnormal.Sensitivity);
        Assert.Null(noAbnormal.Score);
        Assert.Equal(5.0 / 6, noAbnormal.Specificity!.Value, 12);
    }

    [Fact]
    public void From_classes_builds_the_matrix_with_rows_as_truth()
    {
        var s = IcbhiScore.FromClasses([0, 0, 1, 3, 3, 2], [0, 1, 1, 3, 1, 0]);
        Assert.Equal(new[] { 1, 1, 0, 0 }, s.Confusion[0]);
        Assert.Equal(new[] { 0, 1, 0, 0 }, s.Confusion[1]);
        Assert.Equal(new[] { 1, 0, 0, 0 }, s.Confusion[2]);
        Assert.Equal(new[] { 0, 1, 0, 1 }, s.Confusion[3]);
        Assert.Equal(2.0 / 4, s.Sensitivity!.Value, 12);
        Assert.Equal(1.0 / 2, s.Specificity!.Value, 12);
    }

    [Property(MaxTest = 100)]
    public bool Score_is_the_mean_of_sp_and_se_and_lies_in_0_1(NonNegativeInt[] cells)
    {
        var values = cells.Select(c => c.Get % 20).Concat(Enumerable.Repeat(1, 16)).Take(16).ToArray();
        var cm = Enumerable.Range(0, 4).Select(r => values.Skip(4 * r).Take(4).ToArray()).ToArray();
        var s = IcbhiScore.FromConfusion(cm);
        return s.Score is not { } score || (score >= 0 && score <= 1 && Math.Abs(score - (s.Sensitivity!.Value + s.Specificity!.Value) / 2) < 1e-12);
    }

    [Fact]
    public void Cycles_report_takes_the_most_probable_class_and_flattens_the_challenge_metrics()
    {
        PredictionRow P(int truth, params float[] p) =>
            PredictionRow.OfChunk($"c{truth}", new RecordingRef("d", "/r.wav", "r", "p", new RecordingLabels(0), LanguageExt.Prelude.None), ClassIndex.OneHot(TaskRegistry.Cycles.ClassCount, truth), p);
        var flat = TaskRegistry.Cycles.EpochMetrics(
        [
            P(0, 0.7f, 0.1f, 0.1f, 0.1f),
            P(0, 0.2f, 0.5f, 0.2f, 0.1f),
            P(1, 0.1f, 0.6f, 0.1f, 0.2f),
            P(3, 0.1f, 0.4f, 0.1f, 0.4f), // tie between crackle and both: the first (crackle) wins, so wrong
            P(2, 0.1f, 0.1f, 0.5f, 0.3f),
        ]);
        Assert.Equal(0.5, flat["icbhi_specificity"]!.Value, 12);
        Assert.Equal(2.0 / 3, flat["icbhi_sensitivity"]!.Value, 12);
        Assert.Equal((0.5 + 2.0 / 3) / 2, flat["icbhi_score"]!.Value, 12);
        Assert.Equal(3.0 / 5, flat["accuracy"]!.Value, 12);
        Assert.Equal(0.0, flat["both_recall"]!.Value, 12);
        Assert.Contains("icbhi_score", Trainer.MonitorNames(TaskRegistry.Cycles));
        Assert.Equal("icbhi_score", TaskRegistry.Cycles.DefaultMonitor);
    }

    [Fact]
    public void Softmax_head_loss_is_cross_entropy_weighted_per_sample()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2f, 0.5f, -1f, 0f, 0.1f, 0.2f, 3f, -2f }, [2, 4]);
        var target = tensor(new float[] { 1, 0, 0, 0, 0, 0, 1, 0 }, [2, 4]);
        var weights = tensor(new float[] { 1f, 3f }, [2, 1]);
        var expected = nn.functional.cross_entropy(logits, tensor(new long[] { 0, 2 }), reduction: nn.Reduction.None);
        double weighted = (expected[0].item<float>() * 1 + expected[1].item<float>() * 3) / 2;
        Assert.Equal(weighted, TaskHead.MeanLoss(TaskRegistry.Cycles, logits, target, weights).item<float>(), 5);
        var (sum, terms) = TaskHead.SummedLoss(TaskRegistry.Cycles, logits, target);
        Assert.Equal(2, terms);
        Assert.Equal(expected.sum().item<float>(), sum.item<float>(), 5);
        var p = TaskHead.Probabilities(TaskRegistry.Cycles, logits);
        Assert.Equal(1f, p[0].sum().item<float>(), 5);
        // smoothing spreads ε evenly over the K classes: the target still sums to one
        Assert.Equal(1f, TaskHead.Smooth(TaskRegistry.Cycles, target, 0.2)[1].sum().item<float>(), 5);
        Assert.Equal(0.05f, TaskHead.Smooth(TaskRegistry.Cycles, target, 0.2)[1][0].item<float>(), 6);
    }

    [Fact]
    public void Class_weights_of_a_cycles_label_are_its_expected_class_weight()
    {
        var table = new ClassWeightTable(TaskRegistry.Cycles, [0.5f, 2f, 3f, 8f]);
        Assert.Equal(8f, table.SampleWeight(ClassIndex.OneHot(TaskRegistry.Cycles.ClassCount, 3)));
        Assert.Equal(0.25f * 0.5f + 0.75f * 2f, table.SampleWeight([0.25f, 0.75f, 0, 0]), 6);
        var balanced = ClassWeights.FromCounts([60, 20, 15, 5], TaskRegistry.Cycles).ThrowIfFail();
        Assert.Equal(100f / (4 * 5), balanced.PerClass[3], 5);
        Assert.Equal(3, TaskRegistry.Cycles.ClassOf([0.1f, 0.2f, 0.3f, 0.4f]));
        var recording = new RecordingRef("d", "/r.wav", "r", "p", new RecordingLabels(0), LanguageExt.Prelude.None);
        Assert.Equal([0f, 1f], new CyclesTask(CyclesTask.TwoClasses).CycleLabels(recording, new CycleAnnotation(0, 1, Crackles: false, Wheezes: true)));
        Assert.Equal(3, TaskRegistry.Cycles.ClassOf(TaskRegistry.Cycles.CycleLabels(recording, new CycleAnnotation(0, 1, Crackles: true, Wheezes: true))));
    }
}
