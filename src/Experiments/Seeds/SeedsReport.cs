using System.Text.Json.Serialization;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Seeds;

/// <summary>report.json of a <c>--seeds N</c> folder: the same job trained with N seeds (seed, seed + 1, …; the split
/// and data are the same), each a normal job folder <c>seed_&lt;s&gt;/</c>. <see cref="Spread"/> gives every
/// validation metric's mean ± sample sd over the seeds where it is defined, by level, as papers report a benchmark
/// over seeds; <see cref="Runs"/> lists each seed with its own point values (its report has the intervals).
/// <see cref="TestSpread"/>: the same per official test set (by set, then level), when the jobs scored any.</summary>
public sealed record SeedsReport(
    string Task,
    string Kind,
    IReadOnlyList<string> Datasets,
    ModelReport Model,
    string JobDirectory,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>> Spread,
    IReadOnlyList<SeedRun> Runs,
    IReadOnlyList<string> Failed,
    VersionInfo Versions,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>>>? TestSpread = null)
{
    public static readonly string[] Levels = ["chunk", "recording", "patient"];

    /// <summary>The summary of the seeds' finished reports (at least one).</summary>
    public static SeedsReport Of(string directory, IReadOnlyList<(long Seed, string Folder, JobReport Report)> runs, IReadOnlyList<string> failed,
        DateTimeOffset started)
    {
        var first = runs[0].Report;
        var reports = runs.Select(r => r.Report).ToArray();
        var spread = SpreadOf(reports, r => r.Val);
        var testSets = reports.SelectMany(r => r.Test?.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToArray();
        var testSpread = testSets.Length == 0 ? null
            : testSets.ToDictionary(set => set, set => SpreadOf(reports, r => r.Test?.GetValueOrDefault(set)), StringComparer.Ordinal);
        var seeds = runs.Select(r => new SeedRun(r.Seed, r.Folder, r.Report.Outcome, r.Report.BestEpoch, r.Report.EpochsRun,
            Levels.ToDictionary(l => l, l => r.Report.Val is { } v ? Level(v, l).Named() : new Dictionary<string, double?>(), StringComparer.Ordinal),
            r.Report.Val?.Chunk.Confusion, r.Report.Timing.TotalSeconds)).ToArray();
        return new SeedsReport(first.Task, "seeds", first.Datasets, first.Model, directory, spread, seeds, failed, first.Versions, started, DateTimeOffset.UtcNow,
            testSpread);
    }

    /// <summary>Every metric's mean ± sd over the seeds, by level, of the metrics each report has at <paramref name="of"/>
    /// (validation, or one test set).</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>> SpreadOf(IReadOnlyList<JobReport> reports, Func<JobReport, ValidationMetrics?> of) =>
        Levels.ToDictionary(level => level, level =>
        {
            var names = reports.SelectMany(r => of(r) is { } v ? Level(v, level).Named().Keys : Enumerable.Empty<string>()).Distinct().ToArray();
            return (IReadOnlyDictionary<string, FoldSpread>)names.ToDictionary(n => n,
                n => FoldSpread.Of(reports.Select(r => of(r) is { } v ? Level(v, level).Named().GetValueOrDefault(n) : null).ToArray()), StringComparer.Ordinal);
        }, StringComparer.Ordinal);

    public static LevelMetrics Level(ValidationMetrics v, string level) => level switch
    {
        "chunk" => v.Chunk,
        "recording" => v.Recording,
        _ => v.Patient,
    };
}

/// <summary>One seed's job: where it ran, how it ended, its validation metrics by level and its chunk (cycle) confusion.</summary>
public sealed record SeedRun(long Seed, string Folder, string Outcome, int? BestEpoch, int EpochsRun,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> Metrics, long[][]? ChunkConfusion, double Seconds);
