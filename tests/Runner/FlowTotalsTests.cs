using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Jobs;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Runner;

/// <summary>The report's pipeline block: per-stage counters summed over the epochs' graph runs, the bottleneck
/// over the whole training, and each epoch's wait fraction.</summary>
public sealed class FlowTotalsTests
{
    private static readonly CacheStats NoCache = new(0, 0, 0, 0, 0, 0);

    internal static FlowReport Run(int epoch, double seconds, double waitSeconds, params StageSnapshot[] stages) =>
        new(epoch, true, stages, [], 10, 10, 20, 20, 5, new Dictionary<string, long> { ["mixup"] = epoch },
            TimeSpan.FromSeconds(waitSeconds), TimeSpan.FromSeconds(seconds), NoCache, NoCache, true);

    private static StageSnapshot Stage(string name, int workers, long items, double busy, int maxQueue, double meanQueue) =>
        new(name, workers, 8, items, items, TimeSpan.FromSeconds(busy), maxQueue, meanQueue);

    [Fact]
    public void Stages_are_summed_in_graph_order_and_the_bottleneck_is_the_busiest_over_all_runs()
    {
        // Epoch 1: decode is busiest; epoch 2 (three times longer): features is, and wins over the whole training.
        var totals = FlowTotals.Of([
            Run(1, 1, 0.1, Stage("decode", 1, 10, 0.9, 4, 2.0), Stage("features", 2, 20, 0.2, 2, 1.0)),
            Run(2, 3, 0.2, Stage("decode", 1, 10, 0.3, 6, 1.0), Stage("features", 2, 20, 5.8, 3, 3.0)),
        ])!;
        Assert.Equal(2, totals.Runs);
        Assert.Equal(4, totals.Seconds);
        Assert.Equal(0.3, totals.ConsumerWaitSeconds, 9);
        Assert.Equal(0.075, totals.ConsumerWaitFraction, 9);
        Assert.Equal(new[] { "decode", "features" }, totals.Stages.Select(s => s.Name));
        var decode = totals.Stages[0];
        Assert.Equal((20L, 20L, 1.2, 6), (decode.In, decode.Out, decode.BusySeconds, decode.MaxQueueDepth));
        Assert.Equal(0.3, decode.Utilisation, 9);                 // 1.2 s busy of 4 s, one worker
        Assert.Equal((2.0 * 1 + 1.0 * 3) / 4, decode.MeanQueueDepth, 9); // weighted by run length
        Assert.Equal(0.75, totals.Stages[1].Utilisation, 9);      // 6 s busy of 4 s × 2 workers
        Assert.Equal("features", totals.Bottleneck);
    }

    [Fact]
    public void No_run_gives_no_totals() => Assert.Null(FlowTotals.Of([]));

    [Property(MaxTest = 100)]
    public bool Totals_do_not_depend_on_the_order_of_the_runs_and_keep_every_item(int[] busyMillis)
    {
        var runs = busyMillis.Select((b, i) => Run(i + 1, 1 + i % 3, 0.01 * (i % 5),
            Stage("decode", 1, i, Math.Abs(b % 1000) / 1000.0, i % 8, i % 4), Stage("features", 2, 2 * i, Math.Abs(b % 700) / 350.0, 1, 0.5))).ToArray();
        var forward = FlowTotals.Of(runs);
        var backward = FlowTotals.Of(runs.Reverse().ToArray());
        if (runs.Length == 0) return forward is null;
        // Busy seconds and mean depths are reported rounded to 3 decimals, and a sum taken in another order can round
        // the other way at a ...5 boundary: order-independent up to one unit of that rounding (CI once hit it).
        const double OneRoundingUnit = 1e-3 + 1e-9;
        return forward!.Stages.Zip(backward!.Stages).All(p => p.Item1.In == p.Item2.In
                                                           && Math.Abs(p.Item1.BusySeconds - p.Item2.BusySeconds) <= OneRoundingUnit
                                                           && Math.Abs(p.Item1.MeanQueueDepth - p.Item2.MeanQueueDepth) <= OneRoundingUnit)
            && forward.Stages[0].In == runs.Sum(r => r.Stages[0].ItemsIn)
            && forward.Stages.All(s => s.Utilisation is >= 0 and <= 1)
            && forward.Bottleneck == backward.Bottleneck;
    }

    [Fact]
    public void An_epoch_reports_the_trainers_wait_over_its_graph_run_and_its_augmented_kinds()
    {
        var flows = new FlowLog();
        flows.Training(Run(1, 4, 0.5, Stage("decode", 1, 10, 1, 1, 1)));
        flows.Validation(Run(0, 1, 0.1, Stage("decode", 1, 5, 0.5, 1, 1)));
        var epoch = flows.EndEpoch(1, trainerWaitSeconds: 0.2)!;
        Assert.Equal(0.05, epoch.WaitFraction);
        Assert.Equal("decode", epoch.Bottleneck);
        Assert.Equal(1, epoch.AugmentedByKind["mixup"]);
        Assert.Null(flows.EndEpoch(2, 0.1)); // the graph never reported epoch 2
        var timing = flows.Timing();
        Assert.Equal(1, timing.Training!.Runs);
        Assert.Equal(5, timing.Validation!.Stages[0].In);
        Assert.Single(timing.Epochs);
    }
}
