using System.Globalization;
using System.Text.Json.Nodes;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Seeds;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Compare;

/// <summary>One column of a comparison: a train or evaluate job folder, a seed of a seeds folder, or a
/// cross-validation folder (its out-of-fold predictions and metrics). Everything comes from the files the folder
/// holds (report.json, params.json, predictions*.csv, metrics.csv); no data is read.</summary>
public sealed record ComparedJob(
    string Label,
    string Folder,
    string Task,
    string Kind,
    IReadOnlyList<string> Datasets,
    string Model,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ScoredSet> Sets,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs,
    double Seconds,
    int Outputs)
{
    /// <summary>The jobs a path names: a job folder is one, a seeds folder one per seed, a cross-validation folder
    /// one (out of fold). A clear error names the path when it is none of these.</summary>
    public static Fin<Seq<ComparedJob>> Load(string path)
    {
        var full = Path.GetFullPath(path);
        var report = Path.Combine(full, "report.json");
        if (!Directory.Exists(full)) return JobError.MissingData($"cannot compare {full}:", "no such folder");
        if (!File.Exists(report))
            return JobError.MissingData($"cannot compare {full}:", File.Exists(Path.Combine(full, FoldsRecord.FileName))
                ? "a cross-validation folder without report.json: run `runner aggregate` on it first"
                : "no report.json (not a job, cross-validation or seeds folder, or the job has not finished)");
        string? kind;
        try { kind = JsonNode.Parse(File.ReadAllText(report))?["kind"]?.GetValue<string>(); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return JobError.BadInput($"cannot compare {full}:", $"{report} is not valid JSON: {e.Message}");
        }
        return kind switch
        {
            "train" or "evaluate" => Job(full).Map(Seq1),
            "cross-validation" => CrossValidation(full).Map(Seq1),
            "seeds" => Refused(ReportJson.ReadFile<SeedsReport>(report, "seeds report"), full)
                .Bind(s => s.Runs.Select(run => Job(Path.Combine(full, run.Folder))).ToSeq().Sequence()),
            _ => JobError.BadInput($"cannot compare {full}:", $"{report} has kind '{kind}', not train, evaluate, cross-validation or seeds"),
        };
    }

    static Fin<ComparedJob> Job(string folder) =>
        Refused(ReportJson.ReadFile<JobReport>(Path.Combine(folder, "report.json"), "job report"), folder)
            .Bind(r =>
            {
                var sets = new List<ScoredSet>();
                ScoredBaseline? Baseline(string set, ValidationMetrics? metrics) =>
                    r.Baseline is { } b && metrics is not null && b.Difference.TryGetValue(set, out var byLevel) ? new ScoredBaseline(metrics, b.Metric, byLevel) : null;
                if (r.Val is { } val)
                    sets.Add(new ScoredSet("validation", val, r.Threshold?.Validation.GetValueOrDefault("patient"), Rows(Path.Combine(folder, "predictions.csv")),
                        Baseline("validation", r.Baseline?.Val)));
                foreach (var (key, metrics) in (r.Test ?? new Dictionary<string, ValidationMetrics>()).OrderBy(t => t.Key, StringComparer.Ordinal))
                    sets.Add(new ScoredSet($"test {key}", metrics, r.Threshold?.Test.GetValueOrDefault(key)?.GetValueOrDefault("patient"),
                        Rows(Path.Combine(folder, new Pipeline.Datasets.TestSet(key, default).PredictionsFile)),
                        Baseline(key, r.Baseline?.Test?.GetValueOrDefault(key))));
                var metricsCsv = Path.Combine(folder, "metrics.csv");
                return FinSucc(new ComparedJob("", folder, r.Task, r.Kind, r.Datasets, r.Model.Name, ReadParameters(folder), sets,
                    File.Exists(metricsCsv) ? MetricsCsv.Read(metricsCsv) : [], r.Timing.TotalSeconds, r.Model.Outputs));
            });

    static Fin<ComparedJob> CrossValidation(string folder) =>
        Refused(ReportJson.ReadFile<CrossValidationReport>(Path.Combine(folder, "report.json"), "cross-validation report"), folder)
            .Map(r => new ComparedJob("", folder, r.Task, $"cross-validation ({r.Scheme.Folds}×{r.Scheme.Repeats})", r.Datasets, r.Model.Name, ReadParameters(folder),
                [new ScoredSet("out-of-fold", r.OutOfFold, null, Rows(Path.Combine(folder, "predictions.csv")))], [], r.FoldSeconds, r.Model.Outputs));

    static Fin<T> Refused<T>(Fin<T> read, string folder) =>
        read.Match(FinSucc, e => FinFail<T>(JobError.BadInput($"cannot compare {folder}:", e.Message)));

    /// <summary>params.json's resolved parameters as compact JSON text, by name (empty when absent).</summary>
    static IReadOnlyDictionary<string, string> ReadParameters(string folder)
    {
        var file = Path.Combine(folder, "params.json");
        try
        {
            return File.Exists(file) && JsonNode.Parse(File.ReadAllText(file))?["parameters"] is JsonObject o
                ? o.ToDictionary(kv => kv.Key, kv => kv.Value?.ToJsonString() ?? "null", StringComparer.Ordinal)
                : new Dictionary<string, string>();
        }
        catch (System.Text.Json.JsonException) { return new Dictionary<string, string>(); }
    }

    /// <summary>predictions.csv rows; the outputs are counted from the header (label_* then p_* columns), so no task
    /// variant is needed to read them. A missing file gives no rows (the page then says no paired test was possible).</summary>
    public static IReadOnlyList<PredictionRow> Rows(string file)
    {
        if (!File.Exists(file)) return [];
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0) return [];
        var n = PredictionsCsv.SplitCsv(lines[0]).Count(c => c.StartsWith("label_", StringComparison.Ordinal));
        static double Cell(string c) => c.Length == 0 ? double.NaN : double.Parse(c, CultureInfo.InvariantCulture);
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = PredictionsCsv.SplitCsv(line);
            return new PredictionRow(Enum.Parse<PredictionLevel>(cells[0], ignoreCase: true), cells[1], cells[2], cells[3], cells[4],
                cells.Skip(5).Take(n).Select(Cell).ToArray(), cells.Skip(5 + n).Take(n).Select(Cell).ToArray());
        }).ToList();
    }
}
