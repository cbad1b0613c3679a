using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Tests.Metrics;

/// <summary>The yes/no threshold chosen on validation patients and applied unchanged elsewhere, on hand-made rows.</summary>
public sealed class DecisionThresholdTests
{
    static PredictionRow Patient(string id, bool positive, double score) =>
        new(PredictionLevel.Patient, id, "d", "", id, [positive ? 1 : 0], [score]);

    static PredictionRow Recording(string id, bool positive, double score) =>
        new(PredictionLevel.Recording, id, "d", id, id, [positive ? 1 : 0], [score]);

    [Fact]
    public void The_threshold_is_the_youden_optimum_of_the_validation_patients_not_of_other_levels()
    {
        // patients: positives at 0.4 and 0.35, negatives at 0.3 and 0.1: 0.35 separates them (J = 1), where 0.5 finds no positive
        var rows = new[]
        {
            Patient("a", true, 0.40), Patient("b", true, 0.35), Patient("c", false, 0.30), Patient("d", false, 0.10),
            Recording("r1", true, 0.9), Recording("r2", false, 0.8), // recordings would pick another threshold
        };
        var t = DecisionThreshold.Choose(rows);
        Assert.Equal(0.35, t.Value, 12);
        Assert.Equal(DecisionThreshold.YoudenRule, t.Rule);
        Assert.Equal((1.0, 1.0), (t.Validation["patient"].Sensitivity!.Value, t.Validation["patient"].Specificity!.Value));
        // applied as it is to the recordings: r2 (0.8 ≥ 0.35) is a false positive
        Assert.Equal(0.0, t.Validation["recording"].Specificity!.Value, 12);
        Assert.False(t.Validation.ContainsKey("chunk"));
    }

    [Fact]
    public void A_test_set_is_scored_at_the_validation_threshold_and_a_single_class_validation_falls_back_to_one_half()
    {
        var t = DecisionThreshold.Choose([Patient("a", true, 0.6), Patient("b", false, 0.2)]);
        Assert.Equal(0.6, t.Value, 12);
        var tested = t.WithTest("inter", [Patient("x", true, 0.55), Patient("y", true, 0.7), Patient("z", false, 0.65)]);
        var inter = tested.Test["inter"]["patient"];
        Assert.Equal(0.5, inter.Sensitivity!.Value, 12);  // 0.55 < 0.6
        Assert.Equal(0.0, inter.Specificity!.Value, 12);  // 0.65 ≥ 0.6
        Assert.Empty(t.Test);                              // records are values: the first is unchanged

        var single = DecisionThreshold.Choose([Patient("a", true, 0.6), Patient("b", true, 0.2)]);
        Assert.Equal(0.5, single.Value);
        Assert.Equal(DecisionThreshold.FallbackRule, single.Rule);
    }
}
