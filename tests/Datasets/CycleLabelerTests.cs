using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary>The overlap rule at the original's defaults: window 10 s, T = 0.15 × 10 = 1.5 s, cycles under 1 s ignored.</summary>
public sealed class CycleLabelerTests
{
    static readonly ChunkParams P = new();

    static (bool, bool) Label(params CycleAnnotation[] cycles) => CycleLabeler.Label(toSeq(cycles), 10, 20, P);

    [Fact]
    public void Overlap_of_exactly_the_threshold_counts_and_just_under_does_not()
    {
        Assert.Equal((true, false), Label(new CycleAnnotation(5, 11.5, true, false)));   // overlap 1.5
        Assert.Equal((false, false), Label(new CycleAnnotation(5, 11.49, true, false))); // overlap 1.49
        Assert.Equal((false, true), Label(new CycleAnnotation(18.5, 22, false, true)));  // tail overlap 1.5
        Assert.Equal((false, false), Label(new CycleAnnotation(18.51, 22, false, true)));
    }

    [Fact]
    public void A_window_inside_a_long_cycle_takes_its_labels() =>
        Assert.Equal((true, true), Label(new CycleAnnotation(8, 25, true, true)));

    [Fact]
    public void An_enclosed_cycle_counts_when_at_least_the_threshold_long()
    {
        Assert.Equal((true, false), Label(new CycleAnnotation(12, 13.5, true, false)));
        Assert.Equal((false, false), Label(new CycleAnnotation(12, 13.4, true, false)));
    }

    [Fact]
    public void Cycles_shorter_than_the_minimum_are_ignored_even_with_a_low_threshold()
    {
        var low = P with { OverlapThreshold = 0.01 };
        Assert.Equal((false, false), CycleLabeler.Label(Seq1(new CycleAnnotation(12, 12.99, true, true)), 10, 20, low));
        Assert.Equal((true, true), CycleLabeler.Label(Seq1(new CycleAnnotation(12, 13.0, true, true)), 10, 20, low));
    }

    [Fact]
    public void Labels_are_the_or_over_counted_cycles_and_touching_cycles_do_not_count()
    {
        Assert.Equal((true, true), Label(new CycleAnnotation(10, 13, true, false), new CycleAnnotation(13, 16, false, true), new CycleAnnotation(16, 19, false, false)));
        Assert.Equal((false, false), Label(new CycleAnnotation(5, 10, true, true), new CycleAnnotation(20, 25, true, true)));
    }

    [Fact]
    public void The_threshold_scales_with_the_window_and_the_parameter()
    {
        var cw = P with { AudioLengthSeconds = 5, StepSeconds = 2.5, OverlapThreshold = 0.3 }; // T = 1.5 s
        Assert.Equal((true, false), CycleLabeler.Label(Seq1(new CycleAnnotation(0, 1.5, true, false)), 0, 5, cw));
        Assert.Equal((false, false), CycleLabeler.Label(Seq1(new CycleAnnotation(0, 1.4, true, false)), 0, 5, cw));
    }

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(true, false, 1)]
    [InlineData(false, true, 2)]
    [InlineData(true, true, 3)]
    public void Four_class_index(bool crackles, bool wheezes, int index) =>
        Assert.Equal(index, CycleLabeler.ClassIndex(crackles, wheezes));
}
