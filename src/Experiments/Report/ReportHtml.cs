using DataflowLung.Pipeline.Metrics;
using System.Globalization;
using System.Text;
using DataflowLung.Experiments.Explain;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Report;

/// <summary><c>report.html</c>: one self-contained page per job folder (images and audio inline as data: URIs, no
/// script, no network) built from report.json's record and what the folder holds: the headline metrics and confusion
/// matrices by level, the curves and ROC (<c>plots/</c>), and from the explanation step (<c>explain/explain.json</c>)
/// the per-patient table, the FP / FN / TP / TN galleries (spectrogram above its Grad-CAM overlay, with the chunk's
/// 8 kHz audio to listen to), Grad-CAM samples and the patients' average spectrograms. It stays light: a few items per
/// gallery and a byte budget; the rest is counted as "N more in the folder". Each section is one method, so sections
/// added later (e.g. calibration, intervals) are one more call.</summary>
public static class ReportHtml
{
    public const string FileName = "report.html";
    public const long BudgetBytes = 8L << 20;
    public const int PatientImagesShown = 12;

    public static string Render(JobReport r, string jobDirectory)
    {
        var embed = new HtmlEmbed(jobDirectory, BudgetBytes);
        var explain = ExplainManifest.Read(jobDirectory);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append($"<title>{HtmlEmbed.Text($"{r.Task} {r.Kind} report")}</title>\n<style>{Style}</style>\n</head>\n<body>\n");
        Summary(html, r, jobDirectory);
        Metrics(html, r, embed);
        if (r.Baseline is { } baseline) Baseline(html, r, baseline);
        Curves(html, embed);
        if (explain is null)
            html.Append("<section><h2>Explanations</h2><p>This folder has no explanations (no model was evaluated).</p></section>\n");
        else
            foreach (var output in explain.Outputs)
            {
                Patients(html, output, explain.Outputs.Count > 1);
                Galleries(html, output, explain, embed, explain.Outputs.Count > 1);
                GradCams(html, output, explain, embed, explain.Outputs.Count > 1);
            }
        if (explain is not null) PatientSpectrograms(html, explain, embed);
        if (explain is { Problems.Count: > 0 })
            html.Append("<section><h2>Problems</h2><ul>").AppendJoin("", explain.Problems.Select(p => $"<li>{HtmlEmbed.Text(p)}</li>")).Append("</ul></section>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    static void Summary(StringBuilder html, JobReport r, string jobDirectory)
    {
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
        html.Append($"<h1>{HtmlEmbed.Text($"{r.Task} — {r.Kind} report")}</h1>\n<ul class=\"summary\">")
            .Append($"<li>datasets: {HtmlEmbed.Text(string.Join(", ", r.Datasets))}</li>")
            .Append($"<li>model: {HtmlEmbed.Text(r.Model.Name)} ({r.Model.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters)</li>")
            .Append(Parameter("preset") is { } preset ? $"<li>preset: {HtmlEmbed.Text(preset)}; patient rule: {HtmlEmbed.Text(Parameter("patient_rule") ?? "mean")}</li>" : "")
            .Append($"<li>outcome: {HtmlEmbed.Text(r.Outcome)}; epochs run {r.EpochsRun}; best epoch {(r.BestEpoch is { } b ? b.ToString(CultureInfo.InvariantCulture) : "n/a")}</li>")
            .Append($"<li>training: {r.Data.Train.Patients} patients, {r.Data.Train.Recordings} recordings, {r.Data.Train.Chunks} chunks; ")
            .Append($"validation: {r.Data.Val.Patients} patients, {r.Data.Val.Recordings} recordings, {r.Data.Val.Chunks} chunks; files skipped {r.Data.FilesSkipped.Count}</li>")
            .Append($"<li>folder: <code>{HtmlEmbed.Text(r.JobDirectory)}</code>; started {r.Started:u}, finished {r.Finished:u}</li></ul>\n");
    }

    static void Metrics(StringBuilder html, JobReport r, HtmlEmbed embed)
    {
        html.Append("<section><h2>Validation metrics (threshold 0.5)</h2>\n");
        if (r.Val is not { } val)
        {
            html.Append("<p>No model was evaluated.</p></section>\n");
            return;
        }
        bool cw = val.Chunk.IcbhiScore is not null;
        html.Append("<table><tr><th>level</th><th>n</th><th>accuracy</th><th>sensitivity</th><th>specificity</th>")
            .Append(cw ? "<th>ICBHI score</th>" : "<th>balanced acc.</th><th>precision</th><th>F1</th>").Append("<th>AUC</th><th>confusion (rows truth, columns prediction)</th></tr>\n");
        foreach (var (level, m) in Levels(val))
            html.Append($"<tr><td>{level}</td><td>{m.Count}</td><td>{P(m.Accuracy)}</td><td>{P(m.Sensitivity)}</td><td>{P(m.Specificity)}</td>")
                .Append(cw ? $"<td>{P(m.IcbhiScore)}</td>" : $"<td>{P(m.BalancedAccuracy)}</td><td>{P(m.Precision)}</td><td>{P(m.F1)}</td>")
                .Append($"<td>{F(m.Auc)}</td><td>{Matrix(m.Confusion)}</td></tr>\n");
        html.Append("</table>\n<div class=\"row\">");
        foreach (var (level, _) in Levels(val))
            html.Append(embed.Image(Path.Combine("plots", $"confusion_{level}.png"), $"{level} confusion matrix", "plot"));
        html.Append("</div></section>\n");
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

    static void Curves(StringBuilder html, HtmlEmbed embed)
    {
        var plots = new[] { ("loss.png", "loss per epoch"), ("metrics.png", "validation metrics per epoch"), ("roc.png", "ROC curves") };
        html.Append("<section><h2>Curves</h2><div class=\"row\">");
        foreach (var (file, alt) in plots)
            html.Append(embed.Image(Path.Combine("plots", file), alt, "plot"));
        html.Append("</div></section>\n");
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

    static IEnumerable<(string Level, LevelMetrics Metrics)> Levels(ValidationMetrics v) =>
        [("chunk", v.Chunk), ("recording", v.Recording), ("patient", v.Patient)];

    static string Title(string kind) => kind switch
    {
        "FP" => "False positives",
        "FN" => "False negatives",
        "TP" => "True positives",
        _ => "True negatives",
    };

    static string Matrix(long[][] m) =>
        "<table class=\"cm\">" + string.Concat(m.Select(row => "<tr>" + string.Concat(row.Select(v => $"<td>{v}</td>")) + "</tr>")) + "</table>";

    static string P(double? v) => v is { } x && double.IsFinite(x) ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    const string Style =
        "body{font-family:sans-serif;margin:1.5em;max-width:1400px}table{border-collapse:collapse;margin:.5em 0}" +
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f0f0f0}td:first-child{text-align:left}" +
        "table.cm td{border:1px solid #999;min-width:2em;text-align:center}" +
        "tr.fp td,tr.fn td{background:#fde2e2}tr.tp td{background:#e2f5e2}tr.total td{font-weight:bold;background:#f7f7f7}" +
        ".row{display:flex;flex-wrap:wrap;gap:8px}img.plot{width:440px}" +
        ".gallery{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;width:330px}img.spec{width:320px;image-rendering:pixelated}" +
        "figcaption{font-size:12px;word-break:break-all}audio{width:320px}.more,.missing{color:#555;font-style:italic}code{font-size:12px}";
}
