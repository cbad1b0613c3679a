using System.Globalization;
using System.Text;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Plots;
using DataflowLung.Experiments.Report;
using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Compare;

/// <summary>The three files of a comparison. compare.html: the jobs' table, the paired tests, the ROC curves of each
/// set overlaid and the per-epoch losses and headline metric overlaid (PNG drawn with ScottPlot, embedded as data: URIs;
/// no script, no network). compare.md: the same tables. compare.csv: one row per job and set.</summary>
public static class CompareOutputs
{
    public const string Html = "compare.html", Markdown = "compare.md", Csv = "compare.csv";

    public static IReadOnlyList<string> Write(Comparison c, string output)
    {
        var files = new[] { Path.Combine(output, Html), Path.Combine(output, Markdown), Path.Combine(output, Csv) };
        File.WriteAllText(files[0], RenderHtml(c));
        File.WriteAllText(files[1], RenderMarkdown(c));
        File.WriteAllText(files[2], RenderCsv(c));
        return files;
    }

    /// <summary>What the console prints: one line per job and set, one per paired test.</summary>
    public static IEnumerable<string> Summary(Comparison c) =>
        c.Jobs.SelectMany(j => j.Sets.Select(s => $"{j.Label} {j.Model} {s.Name}: {c.LevelName} {c.HeadlineMetric} {Headline(Level(s, c), c.HeadlineMetric)}, n={Level(s, c).Count}"))
            .Concat(c.Pairs.Select(p => $"{p.B} − {p.A} {p.Set}: {Describe(p.Test, c)}"));

    static LevelMetrics Level(ScoredSet s, Comparison c) => Level(s.Metrics, c);

    static LevelMetrics Level(ValidationMetrics m, Comparison c) => c.Level switch
    {
        PredictionLevel.Patient => m.Patient,
        PredictionLevel.Recording => m.Recording,
        _ => m.Chunk,
    };

    /// <summary>True when some job of the comparison fitted a baseline: the tables then show it beside each model.</summary>
    static bool AnyBaseline(Comparison c) => c.Jobs.Any(j => j.Sets.Any(s => s.Baseline is not null));

    /// <summary>The baseline's headline and the paired difference model − baseline at the comparison's level.</summary>
    static (string Baseline, string Difference) BaselineCells(ScoredSet s, Comparison c) => s.Baseline is { } b
        ? (Headline(Level(b.Metrics, c), c.HeadlineMetric),
           b.Metric == c.HeadlineMetric && b.Difference.TryGetValue(c.LevelName, out var d) ? BaselineRun.Show(d) : "n/a")
        : ("n/a", "n/a");

    static string F(double? v, string format = "0.000") => v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    static string Headline(LevelMetrics m, string metric) =>
        F(m.Named().GetValueOrDefault(metric)) + (m.Intervals?.GetValueOrDefault(metric) is { Low: { } lo, High: { } hi } ? " " + MetricInterval.Bracket(lo, hi) : "");

    public static string Describe(PairedAucTest.Result t, Comparison c) => t.Difference is { } d
        ? string.Create(CultureInfo.InvariantCulture, $"AUC difference {d:+0.000;-0.000;0.000}") +
          (t.Interval is { Low: { } lo, High: { } hi } ? $" {MetricInterval.Bracket(lo, hi)}" : $" ({t.Interval.Reason})") +
          $", p = {F(t.PValue, "0.000")} ({c.LevelName} level, {t.SharedPatients} shared patients" +
          (t.OnlyA + t.OnlyB > 0 ? $"; {t.OnlyA + t.OnlyB} scored by one job only, left out" : "") + ")"
        : $"no paired test: {t.Reason}";

    static string Params(Comparison c, ComparedJob j) =>
        string.Join("; ", c.DifferingParameters.Select(k => $"{k}={j.Parameters.GetValueOrDefault(k, "(absent)").Trim('"')}"));

    static string Seconds(double s) => s >= 120 ? F(s / 60, "0.0") + " min" : F(s, "0") + " s";

    static IEnumerable<string> Columns(Comparison c) =>
        new[] { "job", "model", "kind", "datasets", "differing parameters", "set", $"{c.LevelName} {c.HeadlineMetric} [interval]" }
            .Concat(c.HeadlineMetric == "auc" ? [] : ["AUC [interval]"]) // the headline already is the AUC
            .Concat(AnyBaseline(c) ? [$"baseline {c.HeadlineMetric} [interval]", "model − baseline [paired interval]"] : [])
            .Concat(["sensitivity / specificity at the threshold", "n", "positives", "wall time", "folder"]);

    static IEnumerable<string[]> Rows(Comparison c) =>
        c.Jobs.SelectMany(j => j.Sets.Select(s =>
        {
            var m = Level(s, c);
            return new[]
            {
                j.Label, j.Model, j.Kind, string.Join(", ", j.Datasets), Params(c, j), s.Name, Headline(m, c.HeadlineMetric),
            }.Concat(c.HeadlineMetric == "auc" ? [] : [Headline(m, "auc")])
            .Concat(AnyBaseline(c) ? new[] { BaselineCells(s, c).Baseline, BaselineCells(s, c).Difference } : []).Concat(new[]
            {
                s.AtThreshold is { } t ? $"{F(t.Sensitivity)} / {F(t.Specificity)} at {F(t.Threshold, "0.###")}" : "n/a",
                m.Count.ToString(CultureInfo.InvariantCulture), m.Support is { } sup ? sup.Positive.ToString(CultureInfo.InvariantCulture) : "n/a",
                Seconds(j.Seconds), j.Folder,
            }).ToArray();
        }));

    /// <summary>The baseline's headline value and interval and the paired difference, blank where the job has none.</summary>
    static IEnumerable<string> BaselineCsv(ScoredSet s, Comparison c, Func<double?, string> n)
    {
        var b = s.Baseline is { } sb ? Level(sb.Metrics, c) : null;
        var i = b?.Intervals?.GetValueOrDefault(c.HeadlineMetric);
        var d = s.Baseline is { } x && x.Metric == c.HeadlineMetric ? x.Difference.GetValueOrDefault(c.LevelName) : null;
        return [n(b?.Named().GetValueOrDefault(c.HeadlineMetric)), n(i?.Low), n(i?.High), n(d?.Value), n(d?.Low), n(d?.High)];
    }

    public static string RenderMarkdown(Comparison c)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Comparison of {c.Jobs.Count} {c.Jobs[0].Task} jobs").AppendLine();
        md.AppendLine($"Headline: {c.HeadlineMetric} at the {c.LevelName} level, with its patient-bootstrap interval.").AppendLine();
        md.AppendLine("| " + string.Join(" | ", Columns(c)) + " |");
        md.AppendLine("|" + string.Concat(Columns(c).Select(_ => "---|")));
        foreach (var row in Rows(c)) md.AppendLine("| " + string.Join(" | ", row.Select(x => x.Replace("|", "\\|"))) + " |");
        md.AppendLine().AppendLine("## Paired AUC tests (patient bootstrap)").AppendLine();
        if (c.Pairs.Count == 0) md.AppendLine("No two jobs scored the same set with predictions to compare.");
        foreach (var p in c.Pairs) md.AppendLine($"- {p.B} − {p.A}, {p.Set}: {Describe(p.Test, c)}");
        return md.ToString();
    }

    public static string RenderCsv(Comparison c)
    {
        var csv = new StringBuilder();
        csv.AppendLine("job,model,kind,datasets,differing_parameters,set,level,metric,value,low,high,auc,auc_low,auc_high,sensitivity_at_threshold,specificity_at_threshold,threshold,n,positives,seconds,folder," +
                      "baseline_value,baseline_low,baseline_high,model_minus_baseline,model_minus_baseline_low,model_minus_baseline_high");
        foreach (var j in c.Jobs)
            foreach (var s in j.Sets)
            {
                var m = Level(s, c);
                MetricInterval? I(string k) => m.Intervals?.GetValueOrDefault(k);
                string N(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
                csv.AppendLine(string.Join(",", new[]
                {
                    j.Label, j.Model, j.Kind, string.Join(" ", j.Datasets), Params(c, j), s.Name, c.LevelName, c.HeadlineMetric,
                    N(m.Named().GetValueOrDefault(c.HeadlineMetric)), N(I(c.HeadlineMetric)?.Low), N(I(c.HeadlineMetric)?.High),
                    N(m.Auc), N(I("auc")?.Low), N(I("auc")?.High), N(s.AtThreshold?.Sensitivity), N(s.AtThreshold?.Specificity), N(s.AtThreshold?.Threshold),
                    m.Count.ToString(CultureInfo.InvariantCulture), m.Support is { } sup ? sup.Positive.ToString(CultureInfo.InvariantCulture) : "",
                    N(j.Seconds), j.Folder,
                }.Concat(BaselineCsv(s, c, N)).Select(PredictionsCsv.Quote)));
            }
        return csv.ToString();
    }

    public static string RenderHtml(Comparison c)
    {
        var plots = Directory.CreateTempSubdirectory("dataflowlung-compare-");
        try
        {
            var figures = Figures(c, plots.FullName);
            var embed = new HtmlEmbed(plots.FullName, ReportHtml.BudgetBytes);
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append($"<title>{HtmlEmbed.Text($"comparison of {c.Jobs.Count} {c.Jobs[0].Task} jobs")}</title>\n<style>{Style}</style>\n</head>\n<body>\n")
                .Append($"<h1>{HtmlEmbed.Text($"Comparison of {c.Jobs.Count} {c.Jobs[0].Task} jobs")}</h1>\n")
                .Append($"<p>Headline: {HtmlEmbed.Text(c.HeadlineMetric)} at the {c.LevelName} level with its patient-bootstrap interval. ")
                .Append(c.DifferingParameters.Count == 0 ? "The jobs ran with the same parameters." : $"Parameters that differ: {HtmlEmbed.Text(string.Join(", ", c.DifferingParameters))}.").Append("</p>\n")
                .Append("<section><h2>Jobs</h2><table id=\"jobs\"><tr>").AppendJoin("", Columns(c).Select(h => $"<th>{HtmlEmbed.Text(h)}</th>")).Append("</tr>\n");
            foreach (var row in Rows(c))
                html.Append($"<tr data-job=\"{HtmlEmbed.Text(row[0])}\">").AppendJoin("", row.Select((x, i) => i == row.Length - 1 ? $"<td><code>{HtmlEmbed.Text(x)}</code></td>" : $"<td>{HtmlEmbed.Text(x)}</td>")).Append("</tr>\n");
            html.Append("</table></section>\n<section><h2>Paired AUC tests (patient bootstrap)</h2>\n");
            html.Append("<p>B − A on the patients both jobs scored: each resample draws those patients with replacement and scores both jobs on them; ")
                .Append("the interval is the percentile interval of the differences, the p-value the two-sided shifted-bootstrap test of no difference.</p>\n");
            if (c.Pairs.Count == 0) html.Append("<p>No two jobs scored the same set with predictions to compare.</p>\n");
            else
            {
                html.Append("<table id=\"tests\"><tr><th>pair</th><th>set</th><th>AUC A</th><th>AUC B</th><th>difference B − A</th><th>interval</th><th>p-value</th><th>shared patients</th></tr>\n");
                foreach (var p in c.Pairs)
                    html.Append($"<tr><td>{p.B} − {p.A}</td><td>{HtmlEmbed.Text(p.Set)}</td><td>{F(p.Test.AucA)}</td><td>{F(p.Test.AucB)}</td>")
                        .Append($"<td class=\"diff\">{(p.Test.Difference is { } d ? d.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : HtmlEmbed.Text(p.Test.Reason))}</td>")
                        .Append($"<td>{(p.Test.Interval is { Low: { } lo, High: { } hi } ? MetricInterval.Bracket(lo, hi) : "n/a")}</td><td class=\"p\">{F(p.Test.PValue)}</td>")
                        .Append($"<td>{p.Test.SharedPatients}{(p.Test.OnlyA + p.Test.OnlyB > 0 ? $" ({p.Test.OnlyA + p.Test.OnlyB} in one job only)" : "")}</td></tr>\n");
                html.Append("</table>\n");
            }
            html.Append("</section>\n<section><h2>Curves</h2><div class=\"row\">");
            foreach (var (file, alt) in figures) html.Append(embed.Image(file, alt, "plot"));
            if (figures.Count == 0) html.Append("<p>No predictions or metrics.csv to draw.</p>");
            html.Append("</div></section>\n</body>\n</html>\n");
            return html.ToString();
        }
        finally
        {
            try { plots.Delete(recursive: true); } catch (IOException) { /* a temp folder; the OS cleans it */ }
        }
    }

    /// <summary>The figures, drawn into <paramref name="folder"/>: per set, the jobs' ROC curves overlaid; the
    /// per-epoch losses and headline metric overlaid. Returns (file, caption).</summary>
    static IReadOnlyList<(string File, string Alt)> Figures(Comparison c, string folder)
    {
        var figures = new List<(string, string)>();
        var sets = c.Jobs.SelectMany(j => j.Sets.Select(s => s.Name)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var (set, index) in sets.Select((s, i) => (s, i)))
        {
            var entries = new List<RocPlot.Entry>();
            foreach (var j in c.Jobs)
                if (j.Sets.FirstOrDefault(s => s.Name == set) is { Rows.Count: > 0 } s)
                {
                    var rows = s.Rows.At(c.Level);
                    for (var o = 0; o < rows[0].Probabilities.Length; o++)
                    {
                        var labels = rows.Select(r => r.Labels[o] >= 0.5).ToArray();
                        if (labels.Distinct().Count() < 2) continue;
                        var scores = rows.Select(r => r.Probabilities[o]).ToArray();
                        entries.Add(new RocPlot.Entry(rows[0].Probabilities.Length == 1 ? $"{j.Label}: {j.Model}" : $"{j.Label}: {j.Model} output {o}",
                            RocCurve.Compute(scores, labels), Ranking.RocAuc(labels, scores) ?? double.NaN));
                    }
                }
            if (entries.Count == 0) continue;
            var file = $"roc_{index}.png";
            RocPlot.Save(Path.Combine(folder, file), $"{set} ROC, {c.LevelName} level", entries);
            figures.Add((file, $"{set} ROC curves"));
        }
        var withEpochs = c.Jobs.Where(j => j.Epochs.Count > 0).ToList();
        if (withEpochs.Count > 0)
        {
            CurveSeries Series(ComparedJob j, string column, string name) =>
                new($"{j.Label}: {j.Model} {name}", j.Epochs.Select(e => e["epoch"]).ToArray(), j.Epochs.Select(e => e.TryGetValue(column, out var v) ? v : double.NaN).ToArray());
            CurvePlot.Save(Path.Combine(folder, "loss.png"), "loss per epoch", "epoch", "loss",
                withEpochs.SelectMany(j => new[] { Series(j, "train_loss", "training"), Series(j, "val_loss", "validation") }).ToList());
            figures.Add(("loss.png", "loss per epoch"));
            var column = $"{c.LevelName}_{c.HeadlineMetric}";
            if (withEpochs.Any(j => j.Epochs[0].ContainsKey(column)))
            {
                CurvePlot.Save(Path.Combine(folder, "metric.png"), $"validation {column} per epoch", "epoch", column,
                    withEpochs.Select(j => Series(j, column, "")).ToList());
                figures.Add(("metric.png", $"validation {column} per epoch"));
            }
        }
        return figures;
    }

    const string Style =
        "body{font-family:sans-serif;margin:1.5em;max-width:1500px}table{border-collapse:collapse;margin:.5em 0}" +
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}th{background:#f0f0f0}td code{font-size:11px}" +
        ".row{display:flex;flex-wrap:wrap;gap:8px}img.plot{width:560px}.missing{color:#555;font-style:italic}";
}
