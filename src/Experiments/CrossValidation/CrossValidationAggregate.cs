using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using System.Globalization;
using System.Text;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Plots;
using DataflowLung.Experiments.Splits;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>Builds a cross-validation folder's report from its finished fold folders (the in-process <c>--cv</c> run
/// and <c>runner aggregate</c> both end here, so they write the same report). Every fold of the plan must be there
/// and finished, ran with the folder's parameters (only <see cref="MayDiffer"/> may differ, and <c>fold</c> must be
/// its index) and on the recordings the plan recorded (its split.json fingerprint); otherwise it refuses, naming
/// every fold that is missing, unfinished or different.</summary>
public static class CrossValidationAggregate
{
    /// <summary>Parameters that do not change what a fold computes.</summary>
    /// <summary>What may differ between folds: what changes neither the model nor its data (device, feature backend, caches).</summary>
    public static IReadOnlyList<string> MayDiffer { get; } = [.. ResumeSetup.Changeable.Where(k => k != "epochs")];

    /// <summary>Outcomes of a fold that trained to its end.</summary>
    public static IReadOnlyList<string> Finished { get; } = ["completed", "stopped early"];

    public sealed record Result(CrossValidationReport Report, IReadOnlyList<PredictionRow> OutOfFold, IReadOnlyList<(FoldEntry Fold, PredictionRow Row)> FoldRows);

    private sealed record FoldRun(FoldEntry Entry, JobReport Report, IReadOnlyList<PredictionRow> Rows);

    public static Fin<Result> Build(string parent, JobParameters p, FoldsRecord folds)
    {
        var problems = new List<string>();
        var runs = new List<FoldRun>();
        foreach (var entry in folds.FoldList.OrderBy(f => f.Index))
            Inspect(parent, p, entry).Match(runs.Add, e => problems.Add($"fold {entry.Index} ({entry.Folder}): {e.Message}"));
        if (problems.Count > 0)
            return Error.New($"cannot aggregate {parent}: {problems.Count} of {folds.Count} fold(s) not usable:" + Environment.NewLine +
                             string.Join(Environment.NewLine, problems.Select(x => "  " + x)));
        return Assemble(parent, p, folds, runs);
    }

    private static Fin<FoldRun> Inspect(string parent, JobParameters p, FoldEntry entry)
    {
        var dir = Path.Combine(parent, entry.Folder);
        if (!Directory.Exists(dir)) return Error.New("missing (no folder)");
        var reportPath = Path.Combine(dir, "report.json");
        if (!File.Exists(reportPath)) return Error.New("unfinished (no report.json: still running, stopped or failed; resume it with --resume)");
        JobReport report;
        try { report = ReportJson.Deserialize(File.ReadAllText(reportPath)); }
        catch (System.Text.Json.JsonException e) { return Error.New($"report.json unreadable: {e.Message}"); }
        if (!Finished.Contains(report.Outcome))
            return Error.New($"unfinished (outcome \"{report.Outcome}\" after {report.EpochsRun} epoch(s); resume it with --resume {dir})");
        var saved = ParameterResolver.Resolve(new ParameterSources(p.Task, Some(Path.Combine(dir, "params.json")), Empty, p.Paths.DataRoot, p.Paths.OutRoot));
        if (saved.Case is not JobParameters foldParams)
            return Error.New($"params.json unreadable: {string.Join("; ", saved.Match(_ => Seq<string>(), ParameterResolver.Problems))}");
        if (foldParams.Split.Fold != entry.Index) return Error.New($"params.json says fold {foldParams.Split.Fold}, not {entry.Index}");
        var changed = ResumeSetup.Changes(p, foldParams).Filter(c => c.Key != "fold" && !MayDiffer.Contains(c.Key));
        if (!changed.IsEmpty) return Error.New("parameters differ from the folder's params.json: " + string.Join(", ", changed.Map(c => $"{c.Key} {c.Before} → {c.After}")));
        var split = SplitRecord.Read(dir);
        if (split.Case is not SplitRecord record) return Error.New(split.Match(_ => "", e => e.Message));
        var fingerprint = record.Fingerprint;
        if (fingerprint != entry.SplitFingerprint)
            return Error.New($"data fingerprint differs: its split.json is {fingerprint[..12]}, the plan in {FoldsRecord.FileName} expects {entry.SplitFingerprint[..12]} (other recordings or another plan)");
        var predictions = Path.Combine(dir, "predictions.csv");
        if (!File.Exists(predictions)) return Error.New("predictions.csv missing");
        // Every validation recording of the fold's split must have its predictions, unless the fold reported it skipped:
        // a damaged or cut predictions.csv would otherwise pool fewer patients silently (issue 23).
        return PredictionsCsv.TryRead(predictions, p.Task).Bind(rows =>
        {
            var predicted = rows.Where(r => r.Level == PredictionLevel.Chunk).Select(r => (r.Dataset, r.Recording)).ToHashSet();
            var skipped = report.Data.FilesSkipped.Select(f => Path.GetFileName(f.Path)).ToHashSet(StringComparer.Ordinal);
            var missing = record.Validation.Recordings
                .Where(r => !predicted.Contains((r.Dataset, r.Name)) && !skipped.Contains(Path.GetFileName(r.File)))
                .Select(r => $"{r.Dataset}/{r.Name}").ToArray();
            return missing.Length == 0
                ? FinSucc(new FoldRun(entry, report, rows))
                : FinFail<FoldRun>(Error.New($"predictions.csv has no rows for {missing.Length} validation recording(s) of its split.json: " +
                                             string.Join(", ", missing.Take(5)) + (missing.Length > 5 ? ", …" : "")));
        });
    }

    private static Result Assemble(string parent, JobParameters p, FoldsRecord folds, IReadOnlyList<FoldRun> runs)
    {
        var bootstrap = p.EffectiveBootstrap;
        var chunkRows = runs.SelectMany(r => r.Rows.Where(x => x.Level == PredictionLevel.Chunk)).ToArray();
        // With repeats every chunk was held out once per repeat: its out-of-fold probability is the mean over them.
        var averaged = chunkRows.GroupBy(r => (r.Dataset, r.Recording, r.Name))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with
            {
                Probabilities = Enumerable.Range(0, g.First().Probabilities.Length).Select(o => RowPrecision.Single.Keep(g.Average(r => r.Probabilities[o]))).ToArray(),
            })
            .ToArray();
        var rows = PredictionLevels.FromChunkRows(averaged, p.Task, p.PatientRule);
        var pooled = Scoring.Validation(p.Task, rows, bootstrap);

        var levels = new[] { ("chunk", (Func<ValidationMetrics, LevelMetrics>)(v => v.Chunk)), ("recording", v => v.Recording), ("patient", v => v.Patient) };
        var perFold = levels.ToDictionary(l => l.Item1, l =>
        {
            var names = l.Item2(pooled).Named().Keys;
            return (IReadOnlyDictionary<string, FoldSpread>)names.ToDictionary(n => n,
                n => FoldSpread.Of(runs.Select(r => r.Report.Val is { } v ? l.Item2(v).Named().GetValueOrDefault(n) : null).ToArray()), StringComparer.Ordinal);
        }, StringComparer.Ordinal);

        var foldsOf = runs.SelectMany(r => r.Rows.Where(x => x.Level == PredictionLevel.Patient).Select(x => (Key: $"{x.Dataset}:{x.Patient}", r.Entry.Index)))
            .GroupBy(x => x.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Index).ToArray(), StringComparer.Ordinal);
        var patients = rows.Where(x => x.Level == PredictionLevel.Patient).OrderBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => new PatientOutOfFold(x.Name, Floats(x.Labels), Floats(x.Probabilities), foldsOf[x.Name])).ToArray();

        var summaries = runs.Select(r => new FoldSummary(r.Entry.Index, r.Entry.Repeat, r.Entry.Fold, r.Entry.Folder, r.Report.Outcome, r.Report.BestEpoch,
            r.Report.EpochsRun, r.Report.Data.Train, r.Report.Data.Val, r.Entry.Validation,
            levels.ToDictionary(l => l.Item1, l => r.Report.Val is { } v ? l.Item2(v).Named() : new Dictionary<string, double?>(), StringComparer.Ordinal),
            r.Report.Timing.TotalSeconds)).ToArray();

        int positive = folds.Patients.Count(x => x.Positive);
        var report = new CrossValidationReport(p.Task.Name, "cross-validation", p.Datasets.ToArray(), runs[0].Report.Model, Path.GetFullPath(parent),
            new CrossValidationScheme(folds.Folds, folds.Repeats, folds.Seed, folds.Stratified, folds.Note, folds.Patients.Count, positive, folds.Patients.Count - positive),
            pooled, perFold, summaries, patients,
            folds.Patients.Select(x => x.Key).Where(k => !foldsOf.ContainsKey(k)).ToArray(),
            runs.SelectMany(r => r.Report.Data.FilesSkipped).DistinctBy(f => f.Path).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray(),
            runs.Sum(r => r.Report.Timing.TotalSeconds), runs[0].Report.Versions,
            runs.Min(r => r.Report.Started), runs.Max(r => r.Report.Finished));
        var foldRows = runs.SelectMany(r => r.Rows.Select(x => (r.Entry, x))).ToArray();
        return new Result(report, rows, foldRows);
    }

    /// <summary>report.json, report.md, predictions.csv (out-of-fold, averaged over repeats: the rows the report's
    /// metrics come from), predictions_folds.csv (every fold's rows) and the out-of-fold plots.</summary>
    public static IReadOnlyList<string> Write(string parent, JobParameters p, Result result)
    {
        Atomic(Path.Combine(parent, "report.json"), System.Text.Json.JsonSerializer.Serialize(result.Report, ReportJson.Options));
        Atomic(Path.Combine(parent, "report.md"), CrossValidationMarkdown.Render(result.Report));
        Atomic(Path.Combine(parent, "predictions.csv"), PredictionsCsv.Render(p.Task, result.OutOfFold));
        var folds = new StringBuilder();
        var lines = PredictionsCsv.Render(p.Task, result.FoldRows.Select(x => x.Row)).Split('\n');
        folds.Append("fold,repeat,").Append(lines[0]).Append('\n');
        foreach (var ((fold, _), line) in result.FoldRows.Zip(lines.Skip(1)))
            folds.Append(fold.Index.ToString(CultureInfo.InvariantCulture)).Append(',').Append(fold.Repeat.ToString(CultureInfo.InvariantCulture)).Append(',').Append(line).Append('\n');
        Atomic(Path.Combine(parent, "predictions_folds.csv"), folds.ToString());
        var plots = Path.Combine(parent, "plots");
        Directory.CreateDirectory(plots);
        return JobPlots.Validation(plots, p.Task, result.OutOfFold, result.Report.OutOfFold, p.EffectiveBootstrap, "out-of-fold");
    }

    private static float[] Floats(double[] values) => values.Select(v => (float)v).ToArray();

    // Fold processes may finish together and aggregate at once: a reader never sees half a file.
    private static void Atomic(string path, string text)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
