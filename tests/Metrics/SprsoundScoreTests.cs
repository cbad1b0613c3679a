using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Tests.Metrics;

/// <summary>The SPRSound challenge score on hand-made confusion matrices (rows truth, columns prediction), each
/// worked out by hand from the organisers' definitions.</summary>
public sealed class SprsoundScoreTests
{
    [Fact]
    public void Task_1_2_pools_sensitivity_over_the_adventitious_classes_rather_than_averaging_recalls()
    {
        // Normal, Rhonchi, Wheeze, Stridor, Coarse Crackle, Fine Crackle, Wheeze+Crackle
        long[][] cm =
        [
            [80, 2, 3, 0, 1, 4, 0],  // 90 Normal, 80 right
            [1, 2, 1, 0, 0, 0, 0],   // 4 Rhonchi, 2 right
            [2, 0, 16, 0, 0, 1, 1],  // 20 Wheeze, 16 right
            [0, 0, 0, 0, 0, 0, 0],   // no Stridor: kept in the matrix, counts nowhere
            [0, 0, 0, 0, 1, 1, 0],   // 2 Coarse Crackle, 1 right
            [3, 0, 0, 0, 1, 10, 0],  // 14 Fine Crackle, 10 right
            [0, 0, 1, 0, 0, 1, 0],   // 2 Wheeze+Crackle, none right
        ];
        var s = SprsoundScore.FromConfusion(cm, poorQuality: null);
        double se = (2.0 + 16 + 1 + 10) / (4 + 20 + 2 + 14 + 2), sp = 80.0 / 90;
        Assert.Equal(29.0 / 42, s.Sensitivity!.Value, 12);
        Assert.Equal(sp, s.Specificity!.Value, 12);
        Assert.Equal((se + sp) / 2, s.AverageScore!.Value, 12);
        Assert.Equal(2 * se * sp / (se + sp), s.HarmonicScore!.Value, 12);
        Assert.Equal(((se + sp) / 2 + 2 * se * sp / (se + sp)) / 2, s.Score!.Value, 12);
        // a mean of per-class recalls would differ: (2/4 + 16/20 + 1/2 + 10/14 + 0/2) / 5 ≈ 0.503, not 29/42 ≈ 0.690
        Assert.NotEqual((0.5 + 0.8 + 0.5 + 10.0 / 14 + 0) / 5, s.Sensitivity!.Value, 3);
        Assert.Equal(7, s.Confusion.Length);
    }

    [Fact]
    public void Poor_quality_samples_count_in_neither_but_a_poor_quality_prediction_is_an_error()
    {
        // Task 2-1: Normal, Adventitious, Poor Quality
        long[][] cm =
        [
            [40, 6, 4],  // 50 Normal: 40 right, 4 called Poor Quality count against SP
            [5, 12, 3],  // 20 Adventitious: 12 right, 3 called Poor Quality count against SE
            [7, 8, 9],   // Poor Quality rows are in neither ratio, whatever was predicted
        ];
        var s = SprsoundScore.FromConfusion(cm, poorQuality: 2);
        Assert.Equal(40.0 / 50, s.Specificity!.Value, 12);
        Assert.Equal(12.0 / 20, s.Sensitivity!.Value, 12);
        double average = (0.8 + 0.6) / 2, harmonic = 2 * 0.8 * 0.6 / 1.4;
        Assert.Equal(average, s.AverageScore!.Value, 12);
        Assert.Equal(harmonic, s.HarmonicScore!.Value, 12);
        Assert.Equal((average + harmonic) / 2, s.Score!.Value, 12);
    }

    [Fact]
    public void Task_2_2_counts_an_adventitious_record_correct_only_in_its_exact_class()
    {
        // Normal, CAS, DAS, CAS & DAS, Poor Quality
        long[][] cm =
        [
            [10, 0, 0, 0, 0],
            [0, 3, 0, 1, 0],  // CAS called CAS & DAS: wrong
            [0, 0, 2, 2, 0],
            [0, 1, 1, 2, 0],
            [0, 0, 0, 0, 5],
        ];
        var s = SprsoundScore.FromConfusion(cm, poorQuality: 4);
        Assert.Equal(1.0, s.Specificity!.Value, 12);
        Assert.Equal(7.0 / 12, s.Sensitivity!.Value, 12);
    }

    [Fact]
    public void Harmonic_score_is_zero_when_both_ratios_are_zero_and_scores_are_undefined_without_a_class()
    {
        var zero = SprsoundScore.FromConfusion([[0, 3], [2, 0]], poorQuality: null);
        Assert.Equal(0.0, zero.Sensitivity!.Value);
        Assert.Equal(0.0, zero.Specificity!.Value);
        Assert.Equal(0.0, zero.HarmonicScore!.Value);
        Assert.Equal(0.0, zero.Score!.Value);

        // a set with no adventitious samples (the subset's inter-test events are all Normal): SE undefined, and every score
        var noAdventitious = SprsoundScore.FromConfusion([[9, 1], [0, 0]], poorQuality: null);
        Assert.Null(noAdventitious.Sensitivity);
        Assert.Equal(0.9, noAdventitious.Specificity!.Value, 12);
        Assert.Null(noAdventitious.AverageScore);
        Assert.Null(noAdventitious.HarmonicScore);
        Assert.Null(noAdventitious.Score);
    }

    [Fact]
    public void From_classes_builds_the_full_matrix_including_classes_the_set_lacks()
    {
        var s = SprsoundScore.FromClasses([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], classes: 5, poorQuality: 4);
        Assert.Equal(5, s.Confusion.Length);
        Assert.All(s.Confusion, row => Assert.Equal(5, row.Length));
        Assert.Equal(new long[] { 1, 1, 0, 0, 0 }, s.Confusion[0]);
        Assert.Equal(0.5, s.Specificity!.Value, 12);
        Assert.Equal(2.0 / 3, s.Sensitivity!.Value, 12);
    }

    [Fact]
    public void Bad_input_is_refused_with_the_reason()
    {
        Assert.Throws<ArgumentException>(() => SprsoundScore.FromClasses([0, 1], [0], 2, null));
        Assert.Throws<ArgumentException>(() => SprsoundScore.FromConfusion([[1, 0], [0, 1, 2]], null));
        Assert.Throws<ArgumentOutOfRangeException>(() => SprsoundScore.FromConfusion([[1, 0], [0, 1]], poorQuality: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SprsoundScore.FromConfusion([[1, 0], [0, 1]], poorQuality: 2));
    }
}
