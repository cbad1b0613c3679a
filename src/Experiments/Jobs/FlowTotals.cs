using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Several runs of the graph summed for the job report: how many runs, their wall time, how long the
/// consumer waited for batches (and which share of the wall time that was), the bottleneck stage (highest
/// utilisation over all runs, the rule <see cref="FlowReport.Bottleneck"/> applies to one run) and every
/// stage's totals in graph order.</summary>
public sealed record FlowTotals(
    int Runs,
    double Seconds,
    double ConsumerWaitSeconds,
    double ConsumerWaitFraction,
    string Bottleneck,
    IReadOnlyList<StageTotals> Stages)
{
    /// <summary>Sums the reports; null when there is none (no training epoch or no validation pass ran).</summary>
    public static FlowTotals? Of(IReadOnlyList<FlowReport> reports)
    {
        if (reports.Count == 0) return null;
        var seconds = reports.Sum(r => r.Elapsed.TotalSeconds);
        var wait = reports.Sum(r => r.ConsumerWait.TotalSeconds);
        var stages = reports
            .SelectMany(r => r.Stages.Select(s => (Run: r, Stage: s)))
            .GroupBy(x => x.Stage.Name, StringComparer.Ordinal) // GroupBy keeps first-appearance (graph) order
            .Select(g => Stage(g.Key, g.ToArray(), seconds))
            .ToArray();
        var bottleneck = stages.Length == 0 ? "" : stages.MaxBy(s => s.Utilisation)!.Name;
        return new FlowTotals(reports.Count, Math.Round(seconds, 3), Math.Round(wait, 3), Ratio(wait, seconds), bottleneck, stages);
    }

    private static StageTotals Stage(string name, (FlowReport Run, StageSnapshot Stage)[] runs, double seconds)
    {
        var parallelism = runs.Max(x => x.Stage.Parallelism);
        var busy = runs.Sum(x => x.Stage.Busy.TotalSeconds);
        // A run's mean depth counts for as long as the run lasted.
        var weight = runs.Sum(x => x.Run.Elapsed.TotalSeconds);
        var meanDepth = weight > 0
            ? runs.Sum(x => x.Stage.MeanQueueDepth * x.Run.Elapsed.TotalSeconds) / weight
            : runs.Average(x => x.Stage.MeanQueueDepth);
        return new StageTotals(name, parallelism, runs.Max(x => x.Stage.Capacity), runs.Sum(x => x.Stage.ItemsIn), runs.Sum(x => x.Stage.ItemsOut),
            Math.Round(busy, 3), Ratio(busy, parallelism * seconds), Math.Round(meanDepth, 3), runs.Max(x => x.Stage.MaxQueueDepth));
    }

    private static double Ratio(double part, double whole) => whole > 0 ? Math.Round(part / whole, 4) : 0;
}
