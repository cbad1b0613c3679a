using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using System.Text;
using DataflowLung.Experiments.Explain;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Report;

/// <summary><c>report.html</c>: one self-contained page per job folder (images and audio inline as data: URIs, no
/// script, no network) built from report.json's record and what the folder holds, ordered for its reader: a summary box
/// first (the headline metric at the level the task is judged at, with its interval and positives, and sensitivity /
/// specificity at the threshold chosen on validation), a warning banner when the numbers rest on too little (fewer than
/// <see cref="FewPositives"/> positives, or an interval wider than <see cref="WideInterval"/>), the curves (ROC,
/// calibration, loss, metrics per epoch), compact confusion matrices as tables, the metric tables of validation and of
/// each official test set, then from the explanation step (<c>explain/explain.json</c>) the per-patient table, the
/// FP / FN / TP / TN galleries, Grad-CAM samples and the patients' average spectrograms, and the job's details last.
/// It stays light: a few items per gallery and a byte budget; the rest is counted as "N more in the folder".
/// Each section is one entry of <see cref="Sections"/>: a section added later is one method and one line there.</summary>
public static class ReportHtml
{
    public const string FileName = "report.html";
    public const long BudgetBytes = 8L << 20;
    public const int PatientImagesShown = 12;

    /// <summary>Fewer positives than this at a level, and its numbers are anecdotal.</summary>
    public const int FewPositives = 10;

    /// <summary>A headline interval wider than this, and its numbers are anecdotal.</summary>
    public const double WideInterval = 0.3;

    /// <summary>What every section sees: the report, its folder, the embedder (one byte budget for the page), the
    /// explanations (null when none) and the headline: the task's metric at the level the task is judged at.</summary>
    public sealed record Page(JobReport Report, string JobDirectory, HtmlEmbed Embed, ExplainManifest? Explain, string HeadlineMetric, string HeadlineLevel);

    public delegate void Section(StringBuilder html, Page page);

    /// <summary>The sections in page order.</summary>
    public static readonly IReadOnlyList<(string Name, Section Render)> Sections =
    [
        ("summary", Summary),
        ("warning", Warning),
        ("curves", Curves),
        ("confusion", Confusions),
        ("metrics", Metrics),
        ("baseline", BaselineSection),
        ("explanations", Explanations),
        ("job", Job),
    ];

    public static string Render(JobReport r, string jobDirectory)
    {
        var task = StoredTask.Of(r.Task, StoredTask.Variant(jobDirectory));
        var page = new Page(r, jobDirectory, new HtmlEmbed(jobDirectory, BudgetBytes), ExplainManifest.Read(jobDirectory),
            task.Map(t => t.HeadlineMetric).IfNone(r.Threshold is null ? "icbhi_score" : "auc"),
            task.Map(t => t.HeadlineLevel).IfNone(r.Threshold is null ? PredictionLevel.Chunk : PredictionLevel.Patient).ToString().ToLowerInvariant());
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append($"<title>{HtmlEmbed.Text($"{r.Task} {r.Kind} report")}</title>\n<style>{Style}</style>\n</head>\n<body>\n")
            .Append($"<h1>{HtmlEmbed.Text($"{r.Task} — {r.Kind} report")}</h1>\n")
            .Append($"<p class=\"sub\">{HtmlEmbed.Text($"{string.Join(", ", r.Datasets)} · model {r.Model.Name} · {r.Outcome} · {Path.GetFileName(r.JobDirectory.TrimEnd('/'))}")}</p>\n");
        foreach (var (_, render) in Sections) render(html, page);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The sets a job scored: validation, then each official test set by its key.</summary>
    static IEnumerable<(string Name, ValidationMetrics Metrics)> Sets(JobReport r) =>
        (r.Val is { } val ? new[] { ("validation", val) } : [])
            .Concat((r.Test ?? new Dictionary<string, ValidationMetrics>()).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => ($"test {t.Key}", t.Value)));

    static LevelMetrics Level(ValidationMetrics v, string level) => level switch
    {
        "chunk" => v.Chunk,
        "recording" => v.Recording,
        _ => v.Patient,
    };

    static string Headline(LevelMetrics m, string metric) =>
        F(m.Named().GetValueOrDefault(metric)) + (m.Intervals?.GetValueOrDefault(metric) is { Low: { } lo, High: { } hi } ? " " + MetricInterval.Bracket(lo, hi) : "");

    static void Summary(StringBuilder html, Page page)
    {
        var (r, metric, level) = (page.Report, page.HeadlineMetric, page.HeadlineLevel);
        html.Append("<section id=\"summary\" class=\"box\"><h2>Summary</h2>\n");
        if (r.Val is null)
        {
            html.Append("<p>No model was evaluated.</p></section>\n");
            return;
        }
        html.Append("<table class=\"headline\"><tr><th>set</th><th>level</th>")
            .Append($"<th>{HtmlEmbed.Text(metric)} [{(r.Val.Patient.Intervals?.GetValueOrDefault(metric)?.Confidence ?? 0.95):P0} interval]</th><th>n</th><th>positives</th>")
            .Append(r.Threshold is null ? "" : "<th>sensitivity at the threshold</th><th>specificity at the threshold</th>").Append("</tr>\n");
        foreach (var (set, metrics) in Sets(r))
        {
            var m = Level(metrics, level);
            var key = set.Replace(' ', '-');
            html.Append($"<tr data-set=\"{HtmlEmbed.Text(key)}\"><td>{HtmlEmbed.Text(set)}</td><td>{level}</td>")
                .Append($"<td class=\"value\" data-metric=\"{HtmlEmbed.Text(metric)}\">{Headline(m, metric)}</td><td data-metric=\"n\">{m.Count}</td>")
                .Append($"<td data-metric=\"positives\">{(m.Support is { } s ? s.Positive.ToString(CultureInfo.InvariantCulture) : "n/a")}</td>");
            if (r.Threshold is { } t)
            {
                var levels = set == "validation" ? t.Validation : t.Test.GetValueOrDefault(set["test ".Length..]);
                var at = levels?.GetValueOrDefault(level);
                html.Append($"<td data-metric=\"sensitivity_at_threshold\">{P(at?.Sensitivity)}</td><td data-metric=\"specificity_at_threshold\">{P(at?.Specificity)}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        if (r.Threshold is { } threshold)
            html.Append($"<p>Threshold <b data-metric=\"threshold\">{threshold.Value.ToString("0.####", CultureInfo.InvariantCulture)}</b>: {HtmlEmbed.Text(threshold.Rule)}. ")
                .Append("The tables further down are at 0.5.</p>\n");
        html.Append("</section>\n");
    }

    /// <summary>Why a set's numbers are anecdotal: levels with few positives, headline intervals wider than <see cref="WideInterval"/>.</summary>
    public static IReadOnlyList<string> AnecdotalReasons(JobReport r, string metric) =>
        Sets(r).SelectMany(set => set.Metrics.Levels().SelectMany(x =>
        {
            var reasons = new List<string>();
            if (x.Metrics.Support is { } s && x.Metrics.Count > 0 && s.Positive < FewPositives)
                reasons.Add($"{set.Name}, {x.Level} level: {s.Positive} positive{(s.Positive == 1 ? "" : "s")} (fewer than {FewPositives})");
            if (x.Metrics.Intervals?.GetValueOrDefault(metric) is { Width: { } w } && w > WideInterval)
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{set.Name}, {x.Level} level: the {metric} interval is {w:0.00} wide (over {WideInterval})"));
            return reasons;
        })).ToList();

    static void Warning(StringBuilder html, Page page)
    {
        var reasons = AnecdotalReasons(page.Report, page.HeadlineMetric);
        if (reasons.Count == 0) return;
        html.Append("<section id=\"anecdotal\" class=\"warning\"><b>These numbers are anecdotal.</b> ")
            .Append("They rest on too few cases to say how the model would do on new patients:<ul>")
            .AppendJoin("", reasons.Select(x => $"<li>{HtmlEmbed.Text(x)}</li>")).Append("</ul></section>\n");
    }

    static void Curves(StringBuilder html, Page page)
    {
        var plots = new[] { ("roc.png", "ROC curves"), ("calibration.png", "calibration"), ("loss.png", "loss per epoch"), ("metrics.png", "validation metrics per epoch") };
        html.Append("<section><h2>Curves</h2><div class=\"row\">");
        foreach (var (file, alt) in plots.Where(p => File.Exists(Path.Combine(page.JobDirectory, "plots", p.Item1)) || p.Item1 == "roc.png"))
            html.Append(page.Embed.Image(Path.Combine("plots", file), alt, "plot"));
        html.Append("</div></section>\n");
    }

    /// <summary>Each set's confusion matrices side by side, as small tables (rows truth, columns prediction, at 0.5).</summary>
    static void Confusions(StringBuilder html, Page page)
    {
        if (page.Report.Val is null) return;
        html.Append("<section><h2>Confusion matrices (threshold 0.5; rows truth, columns prediction)</h2>\n");
        foreach (var (set, metrics) in Sets(page.Report))
        {
            html.Append($"<h3>{HtmlEmbed.Text(set)}</h3><div class=\"row\">");
            foreach (var (level, m) in metrics.Levels())
                html.Append($"<div class=\"cm\"><b>{level}</b> (n = {m.Count})").Append(Matrix(m.Confusion, m.Classes)).Append("</div>");
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    static void Metrics(StringBuilder html, Page page)
    {
        foreach (var (set, metrics) in Sets(page.Report))
        {
            html.Append($"<section><h2>{HtmlEmbed.Text(char.ToUpperInvariant(set[0]) + set[1..])} metrics (threshold 0.5)</h2>\n");
            if (set != "validation")
                html.Append("<p>Held out of training and model choice; scored once, with the best model.</p>\n");
            bool cw = metrics.Chunk.IcbhiScore is not null;
            html.Append("<table><tr><th>level</th><th>n</th><th>positives</th><th>accuracy</th><th>sensitivity</th><th>specificity</th>")
                .Append(cw ? "<th>ICBHI score</th>" : "<th>balanced acc.</th><th>precision</th><th>F1</th>").Append("<th>AUC</th></tr>\n");
            foreach (var (level, m) in metrics.Levels())
                html.Append($"<tr><td>{level}</td><td>{m.Count}</td><td>{(m.Support is { } s ? s.Positive.ToString(CultureInfo.InvariantCulture) : "n/a")}</td>")
                    .Append($"<td>{P(m.Accuracy)}</td><td>{P(m.Sensitivity)}</td><td>{P(m.Specificity)}</td>")
                    .Append(cw ? $"<td>{P(m.IcbhiScore)}</td>" : $"<td>{P(m.BalancedAccuracy)}</td><td>{P(m.Precision)}</td><td>{P(m.F1)}</td>")
                    .Append($"<td>{Headline(m, "auc")}</td></tr>\n");
            html.Append("</table></section>\n");
        }
    }

    static void Explanations(StringBuilder html, Page page)
    {
        var explain = page.Explain;
        if (explain is null)
        {
            html.Append("<section><h2>Explanations</h2><p>This folder has no explanations (no model was evaluated).</p></section>\n");
            return;
        }
        foreach (var output in explain.Outputs)
        {
            Galleries(html, output, explain, page.Embed, explain.Outputs.Count > 1);
            Patients(html, output, explain.Outputs.Count > 1);
            GradCams(html, output, explain, page.Embed, explain.Outputs.Count > 1);
        }
        PatientSpectrograms(html, explain, page.Embed);
        if (explain.Problems.Count > 0)
            html.Append("<section><h2>Problems</h2><ul>").AppendJoin("", explain.Problems.Select(p => $"<li>{HtmlEmbed.Text(p)}</li>")).Append("</ul></section>\n");
    }

    static void Job(StringBuilder html, Page page)
    {
        var (r, jobDirectory) = (page.Report, page.JobDirectory);
        // The preset and patient rule the job ran with, from its params.json (absent for hand-made folders), read once.
        System.Text.Json.Nodes.JsonNode? parameters;
        try
        {
            var file = Path.Combine(jobDirectory, "params.json");
            parameters = File.Exists(file) ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))?["parameters"] : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException) { parameters = null; }
        string? Parameter(string key)
        {
            try { return parameters?[key]?.GetValue<string>(); }
            catch (InvalidOperationException) { return null; } // not a string, or "parameters" not an object
        }
        html.Append("<section><h2>Job</h2>\n<ul class=\"summary\">")
            .Append($"<li>datasets: {HtmlEmbed.Text(string.Join(", ", r.Datasets))}</li>")
            .Append($"<li>model: {HtmlEmbed.Text(r.Model.Name)} ({r.Model.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters)</li>")
            .Append(Parameter("preset") is { } preset ? $"<li>preset: {HtmlEmbed.Text(preset)}; patient rule: {HtmlEmbed.Text(Parameter("patient_rule") ?? "mean")}</li>" : "")
            .Append($"<li>outcome: {HtmlEmbed.Text(r.Outcome)}; epochs run {r.EpochsRun}; best epoch {(r.BestEpoch is { } b ? b.ToString(CultureInfo.InvariantCulture) : "n/a")}</li>")
            .Append($"<li>training: {r.Data.Train.Patients} patients, {r.Data.Train.Recordings} recordings, {r.Data.Train.Chunks} chunks; ")
            .Append($"validation: {r.Data.Val.Patients} patients, {r.Data.Val.Recordings} recordings, {r.Data.Val.Chunks} chunks")
            .Append(r.Data.Val.ScoredRecordings is { } scored ? $" (scored: {scored} recordings, {r.Data.Val.ScoredChunks} chunks)" : "")
            .Append($"; files skipped {r.Data.FilesSkipped.Count}</li>")
            .Append($"<li>folder: <code>{HtmlEmbed.Text(r.JobDirectory)}</code>; started {r.Started:u}, finished {r.Finished:u}</li></ul></section>\n");
    }

    /// <summary>The trivial baseline beside the model, when the job fitted one.</summary>
    static void BaselineSection(StringBuilder html, Page page)
    {
        if (page.Report.Baseline is { } baseline) Baseline(html, page.Report, baseline);
    }

    /// <summary>The baseline beside the model (<see cref="BaselineTable"/>) and the plain sentences.</summary>
    static void Baseline(StringBuilder html, JobReport r, BaselineReport b)
    {
        html.Append("<section><h2>Baseline</h2>\n")
            .Append($"<p>{HtmlEmbed.Text(b.Model)}, fitted on the job's {b.TrainChunks} training chunks; λ = {b.Lambda.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} chosen on validation by {HtmlEmbed.Text(b.SelectedBy)}.</p>\n");
        if (b.Sentences.Count > 0) html.Append($"<p><strong>{HtmlEmbed.Text(string.Join(" ", b.Sentences))}</strong></p>\n");
        html.Append($"<table><tr><th>set</th><th>level</th><th>model {HtmlEmbed.Text(b.Metric)}</th><th>baseline {HtmlEmbed.Text(b.Metric)}</th><th>model − baseline</th><th>the model … the baseline</th></tr>\n");
        foreach (var c in BaselineTable.Cells(r, b))
            html.Append($"<tr><td>{HtmlEmbed.Text(c.Set)}</td><td>{c.Level}</td><td>{HtmlEmbed.Text(BaselineTable.Show(c.Model))}</td><td>{HtmlEmbed.Text(BaselineTable.Show(c.Baseline))}</td>")
                .Append($"<td>{HtmlEmbed.Text(BaselineRun.Show(c.Difference))}</td><td>{HtmlEmbed.Text(c.Verdict)}</td></tr>\n");
        html.Append("</table></section>\n");
    }

    static void Patients(StringBuilder html, OutputExplanation output, bool named)
    {
        html.Append($"<section><h2>Per-patient table{(named ? $" — {HtmlEmbed.Text(output.Output)}" : "")}</h2>\n")
            .Append($"<p>Status: the patient-level prediction at 0.5 against the patient's truth. Also in <code>{HtmlEmbed.Text(output.PatientTable)}</code>.</p>\n")
            .Append("<table><tr><th>patient</th><th>status</th><th>recordings</th><th>TN</th><th>FN</th><th>FP</th><th>TP</th><th>mean score</th><th>patient score</th></tr>\n");
        foreach (var p in output.Patients)
            html.Append($"<tr class=\"{p.Status.ToLowerInvariant()}\"><td>{HtmlEmbed.Text($"{p.Dataset}:{p.Patient}")}</td><td>{p.Status}</td><td>{p.Recordings}</td>")
                .Append($"<td>{p.TN}</td><td>{p.FN}</td><td>{p.FP}</td><td>{p.TP}</td><td>{F(p.MeanScore)}</td><td>{F(p.PatientScore)}</td></tr>\n");
        var t = PatientTable.Totals(output.Patients);
        html.Append($"<tr class=\"total\"><td>total ({output.Patients.Count} patients)</td><td>{HtmlEmbed.Text(t.Status)}</td><td>{t.Recordings}</td>")
            .Append($"<td>{t.TN}</td><td>{t.FN}</td><td>{t.FP}</td><td>{t.TP}</td><td>{F(t.MeanScore)}</td><td></td></tr>\n</table></section>\n");
    }

    static void Galleries(StringBuilder html, OutputExplanation output, ExplainManifest explain, HtmlEmbed embed, bool named)
    {
        html.Append($"<section><h2>Galleries{(named ? $" — {HtmlEmbed.Text(output.Output)}" : "")}</h2>\n")
            .Append("<p>Each image: the chunk's log-mel spectrogram (top) and its Grad-CAM overlay (bottom: where the last convolutional block ")
            .Append("drove the prediction), low frequencies at the bottom; the player plays the chunk as the model heard it. ")
            .Append("Shown: the most confident of each gallery.</p>\n");
        foreach (var g in output.Galleries)
        {
            html.Append($"<h3>{Title(g.Kind)} — {g.Chunks} chunk(s)</h3>\n<div class=\"gallery\">");
            foreach (var item in g.Shown)
                html.Append("<figure>").Append(embed.Image(item.Image, item.Chunk, "spec"))
                    .Append(item.Audio is null ? "<p class=\"missing\">no audio</p>" : embed.Audio(item.Audio))
                    .Append($"<figcaption>{HtmlEmbed.Text(item.Chunk)}<br>p = {item.Probability.ToString("0.000", CultureInfo.InvariantCulture)}, label {item.Label.ToString("0.##", CultureInfo.InvariantCulture)}</figcaption></figure>");
            html.Append("</div>\n");
            int more = g.Chunks - g.Shown.Count;
            if (more > 0)
                html.Append($"<p class=\"more\">{more} more in the folder: {g.Drawn - g.Shown.Count} more image(s) in <code>{HtmlEmbed.Text(g.Folder)}</code>")
                    .Append(g.Chunks > g.Drawn ? $" (drawn up to {explain.GalleryLimit}; {g.Chunks - g.Drawn} listed in predictions.csv only)" : "").Append("</p>\n");
        }
        html.Append("</section>\n");
    }

    static void GradCams(StringBuilder html, OutputExplanation output, ExplainManifest explain, HtmlEmbed embed, bool named)
    {
        html.Append($"<section><h2>Grad-CAM{(named ? $" — {HtmlEmbed.Text(output.Output)}" : "")}</h2>\n")
            .Append($"<p>{output.GradCamMaps} overlay(s) in <code>{HtmlEmbed.Text(output.GradCamFolder)}</code>: every {explain.GradCamEvery}th chunk of each patient ")
            .Append("and every false positive and false negative, named <code>&lt;chunk&gt;__&lt;pred&gt;__&lt;label&gt;.png</code>. The first few:</p>\n<div class=\"gallery\">");
        foreach (var item in output.GradCamSamples)
            html.Append("<figure>").Append(embed.Image(item.Image, item.Chunk, "spec"))
                .Append($"<figcaption>{HtmlEmbed.Text(item.Chunk)}<br>p = {item.Probability.ToString("0.000", CultureInfo.InvariantCulture)}, label {item.Label.ToString("0.##", CultureInfo.InvariantCulture)}</figcaption></figure>");
        html.Append("</div></section>\n");
    }

    static void PatientSpectrograms(StringBuilder html, ExplainManifest explain, HtmlEmbed embed)
    {
        html.Append("<section><h2>Average spectrogram per patient</h2>\n<div class=\"gallery\">");
        foreach (var s in explain.PatientSpectrograms.Take(PatientImagesShown))
            html.Append("<figure>").Append(embed.Image(s.Image, $"{s.Dataset}:{s.Patient}", "spec"))
                .Append($"<figcaption>{HtmlEmbed.Text($"{s.Dataset}:{s.Patient}")} ({s.Chunks} chunks)</figcaption></figure>");
        html.Append("</div>\n");
        if (explain.PatientSpectrograms.Count > PatientImagesShown)
            html.Append($"<p class=\"more\">{explain.PatientSpectrograms.Count - PatientImagesShown} more in the folder: <code>{ExplainManifest.Folder}/patients/</code></p>\n");
        html.Append("</section>\n");
    }

    static string Title(string kind) => kind switch
    {
        "FP" => "False positives",
        "FN" => "False negatives",
        "TP" => "True positives",
        _ => "True negatives",
    };

    static string Matrix(long[][] m, IReadOnlyList<string>? classes)
    {
        string Name(int i) => HtmlEmbed.Text(classes is not null && i < classes.Count ? classes[i] : i.ToString(CultureInfo.InvariantCulture));
        return "<table class=\"cm\"><tr><th></th>" + string.Concat(m.Select((_, j) => $"<th>{Name(j)}</th>")) + "</tr>" +
            string.Concat(m.Select((row, i) => $"<tr><th>{Name(i)}</th>" + string.Concat(row.Select((v, j) => $"<td class=\"{(i == j ? "hit" : "miss")}\">{v}</td>")) + "</tr>")) + "</table>";
    }

    static string P(double? v) => v is { } x && double.IsFinite(x) ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    const string Style =
        "body{font-family:sans-serif;margin:1.5em;max-width:1400px}table{border-collapse:collapse;margin:.5em 0}" +
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f0f0f0}td:first-child{text-align:left}" +
        "table.cm td{border:1px solid #999;min-width:2.5em;text-align:center}table.cm td.hit{background:#e2f5e2}table.cm td.miss{background:#fdf0f0}" +
        "div.cm{margin-right:1.5em}.sub{color:#555;margin-top:-.5em}.box{border:2px solid #357;border-radius:6px;padding:.3em 1em;background:#f5f9ff}" +
        "table.headline td.value{font-weight:bold;font-size:1.15em}.warning{border:2px solid #b60;background:#fff4e0;border-radius:6px;padding:.5em 1em;margin:1em 0}" +
        "tr.fp td,tr.fn td{background:#fde2e2}tr.tp td{background:#e2f5e2}tr.total td{font-weight:bold;background:#f7f7f7}" +
        ".row{display:flex;flex-wrap:wrap;gap:8px}img.plot{width:440px}" +
        ".gallery{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;width:330px}img.spec{width:320px;image-rendering:pixelated}" +
        "figcaption{font-size:12px;word-break:break-all}audio{width:320px}.more,.missing{color:#555;font-style:italic}code{font-size:12px}";
}
