using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Augment;

public class BalancingTests
{
    [Fact]
    public void PneumoniaWeightsAreNOverTwoCounts()
    {
        // 8 negatives, 2 positives: n/(2·8) = 0.625, n/(2·2) = 2.5 (scikit-learn's "balanced").
        var labels = Enumerable.Repeat(new[] { 0f }, 8).Concat(Enumerable.Repeat(new[] { 1f }, 2)).ToList();
        var table = ClassWeights.Balanced(labels, TaskRegistry.Pneumonia).ThrowIfFail();
        Assert.Equal(new[] { 0.625f, 2.5f }, table.PerClass);
        Assert.Equal(2.5f, table.SampleWeight([1f]));
        Assert.Equal(0.25f * 2.5f + 0.75f * 0.625f, table.SampleWeight([0.25f]), 1e-6f); // soft label from mixup
    }

    [Fact]
    public void CracklesWheezesGetFourClassWeights()
    {
        // none ×6, crackle ×3, wheeze ×2, both ×1: n = 12, weights 12/(4·count).
        var labels = new List<float[]>();
        labels.AddRange(Enumerable.Repeat(new[] { 0f, 0f }, 6));
        labels.AddRange(Enumerable.Repeat(new[] { 1f, 0f }, 3));
        labels.AddRange(Enumerable.Repeat(new[] { 0f, 1f }, 2));
        labels.Add([1f, 1f]);
        var table = ClassWeights.Balanced(labels, TaskRegistry.CracklesWheezes).ThrowIfFail();
        Assert.Equal(new[] { 0.5f, 1f, 1.5f, 3f }, table.PerClass);
        Assert.Equal(1.5f, table.SampleWeight([0f, 1f]));
        Assert.Equal(0.5f * 0.5f + 0.5f * 1f, table.SampleWeight([0.5f, 0f]), 1e-6f);
    }

    [Fact]
    public void AbsentClassGetsZeroAndEmptySetIsAnError()
    {
        var table = ClassWeights.Balanced([[0f], [0f]], TaskRegistry.Pneumonia).ThrowIfFail();
        Assert.Equal(new[] { 1f, 0f }, table.PerClass);
        Assert.True(ClassWeights.Balanced([], TaskRegistry.Pneumonia).IsFail);
        Assert.Throws<ArgumentException>(() => ClassWeights.Balanced([[0f]], TaskRegistry.CracklesWheezes));
    }

    [Property(MaxTest = 100)]
    public Property BalancedWeightsEqualiseClassTotals() =>
        Prop.ForAll(Gen.Choose(0, 3).ListOf().Where(l => l.Count > 0).ToArbitrary(), classes =>
        {
            var labels = classes.Select(c => new[] { (float)(c & 1), (float)(c >> 1) }).ToList();
            var table = ClassWeights.Balanced(labels, TaskRegistry.CracklesWheezes).ThrowIfFail();
            // Each present class contributes weight × count = n / k: the loss sees every class equally.
            var totals = Enumerable.Range(0, 4).Select(c => classes.Count(x => x == c) * table.PerClass[c]).Where(t => t > 0).ToList();
            Assert.All(totals, t => Assert.Equal((float)classes.Count / totals.Count, t, 1e-3f));
        });

    [Property(MaxTest = 100)]
    public Property OversamplingBringsEveryClassToTheLargest() =>
        Prop.ForAll(Gen.Choose(0, 3).ListOf().ToArbitrary(), Signals.Seeds, (classes, seed) =>
        {
            var extra = Oversampling.Plan(classes.ToList(), seed);
            var epoch = classes.Concat(extra.Select(i => classes[i])).ToList();
            var present = classes.Distinct().ToList();
            int largest = present.Count == 0 ? 0 : present.Max(c => classes.Count(x => x == c));
            Assert.All(present, c => Assert.Equal(largest, epoch.Count(x => x == c)));
            Assert.Equal(extra, Oversampling.Plan(classes.ToList(), seed));
        });

    [Fact]
    public void ClassIndexIsTheOriginalFourClassCode()
    {
        Assert.Equal(0, TaskRegistry.CracklesWheezes.ClassOf([0f, 0f]));
        Assert.Equal(1, TaskRegistry.CracklesWheezes.ClassOf([1f, 0f]));
        Assert.Equal(2, TaskRegistry.CracklesWheezes.ClassOf([0f, 1f]));
        Assert.Equal(3, TaskRegistry.CracklesWheezes.ClassOf([1f, 1f]));
        Assert.Equal(1, TaskRegistry.Pneumonia.ClassOf([1f]));
    }
}
