using DataflowLung.Pipeline.Metrics;
using System.Globalization;
using System.Text;

namespace DataflowLung.Experiments.Jobs;

/// <summary>report.md: the report for people — the headline table first, then model, data, augmentation,
/// timing (with the pipeline's stages and bottleneck) and versions.</summary>
public static class ReportMarkdown
{
    public static string Render(JobReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {r.Task} — {r.Kind} report");
        md.AppendLine();
        md.AppendLine($"- datasets: {string.Join(", ", r.Datasets)}");
        md.AppendLine($"- model: {r.Model.Name}");
        md.AppendLine($"- job folder: `{r.JobDirectory}`");
        md.AppendLine($"- outcome: {r.Outcome}; epochs run: {r.EpochsRun}; best epoch: {(r.BestEpoch is { } b ? b.ToString(CultureInfo.InvariantCulture) : "n/a")}" +
                      (r.ResumedFromEpoch is { } from ? $" (resumed after epoch {from})" : ""));
        if (r.Divergence is { } diverged) md.AppendLine($"- {diverged.Describe()}; the model is that of the last completed epoch");
        md.AppendLine($"- started {r.Started:u}, finished {r.Finished:u}");
        md.AppendLine();
        if (r.Val is { } val)
        {
            md.AppendLine("## Validation");
            md.AppendLine();
            Validation(md, val);
        }
        if (r.Threshold is { } threshold) Threshold(md, threshold);
        foreach (var (set, metrics) in r.Test ?? new Dictionary<string, ValidationMetrics>())
        {
            md.AppendLine($"## Test set: {set}");
            md.AppendLine();
            md.AppendLine("Held out of training and model choice; scored once, with the best model (split notes below say whose patients it holds).");
            md.AppendLine();
            Validation(md, metrics);
        }
        if (r.Baseline is { } baseline) Baseline(md, r, baseline);
        md.AppendLine("## Model");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {r.Model.Name}: {r.Model.Parameters:N0} parameters ({r.Model.TrainableParameters:N0} trainable), ") +
                      string.Create(CultureInfo.InvariantCulture, $"{r.Model.FlopsPerSample:N0} multiply-adds per sample"));
        md.AppendLine($"- input {string.Join(" × ", r.Model.InputShape)} (channels × mels × frames), {r.Model.Outputs} output(s)");
        md.AppendLine();
        md.AppendLine("## Data");
        md.AppendLine();
        md.AppendLine("| dataset | recordings | patients | recordings per class |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var d in r.Data.Datasets)
            md.AppendLine($"| {d.Dataset} | {d.Recordings} | {d.Patients} | {string.Join(", ", d.RecordingsPerClass.Select(kv => $"{kv.Key}: {kv.Value}"))} |");
        md.AppendLine();
        foreach (var (name, s) in new[] { ("train", r.Data.Train), ("validation", r.Data.Val) })
            md.AppendLine($"- {name}: {s.Patients} patients, {s.Recordings} recordings, {s.Chunks} chunks ({string.Join(", ", s.ChunksPerClass.Select(kv => $"{kv.Key}: {kv.Value}"))})" +
                          (s.ScoredRecordings is { } scored ? $"; scored: {scored} recordings, {s.ScoredChunks} chunks" : ""));
        foreach (var note in r.Data.SplitNotes ?? []) md.AppendLine($"- split: {note}");
        md.AppendLine($"- files skipped: {r.Data.FilesSkipped.Count}");
        foreach (var f in r.Data.FilesSkipped)
            md.AppendLine($"  - `{f.Path}`: {f.Reason}{(f.Epoch is { } epoch ? $" (epoch {epoch})" : "")}");
        md.AppendLine();
        if (r.Augmentation.PerEpoch.Count > 0 && r.Augmentation.Total.Count == 0)
        {
            md.AppendLine("## Augmentation");
            md.AppendLine();
            md.AppendLine("no augmented samples (augmentation off)");
            md.AppendLine();
        }
        else if (r.Augmentation.Total.Count > 0)
        {
            md.AppendLine("## Augmentation");
            md.AppendLine();
            var kinds = r.Augmentation.Total.Keys.ToArray();
            md.AppendLine("| epoch | " + string.Join(" | ", kinds) + " |");
            md.AppendLine("|---:|" + string.Concat(kinds.Select(_ => "---:|")));
            foreach (var e in r.Augmentation.PerEpoch)
                md.AppendLine($"| {e.Epoch} | " + string.Join(" | ", kinds.Select(k => e.ByKind.TryGetValue(k, out var n) ? n : 0)) + " |");
            md.AppendLine("| total | " + string.Join(" | ", kinds.Select(k => r.Augmentation.Total[k])) + " |");
            md.AppendLine();
        }
        if (r.Warnings is { Count: > 0 } warnings) Warnings(md, warnings);
        md.AppendLine("## Timing");
        md.AppendLine();
        md.AppendLine("| stage | seconds |");
        md.AppendLine("|---|---:|");
        foreach (var (stage, seconds) in r.Timing.StageSeconds)
            md.AppendLine($"| {stage} | {seconds.ToString("0.00", CultureInfo.InvariantCulture)} |");
        md.AppendLine($"| trainer waiting on data | {r.Timing.TrainerWaitSeconds.ToString("0.00", CultureInfo.InvariantCulture)} |");
        md.AppendLine($"| total | {r.Timing.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} |");
        md.AppendLine();
        if (r.Timing.Pipeline is { } pipeline) Pipeline(md, pipeline);
        md.AppendLine("## Versions");
        md.AppendLine();
        md.AppendLine($"runner {r.Versions.Runner}; {r.Versions.DotNet}; {r.Versions.Os}; TorchSharp {r.Versions.TorchSharp}; ILGPU {r.Versions.Ilgpu}");
        return md.ToString();
    }

    private static void Warnings(StringBuilder md, IReadOnlyDictionary<string, WarningCount> warnings)
    {
        md.AppendLine("## Warnings");
        md.AppendLine();
        foreach (var (kind, w) in warnings)
        {
            md.AppendLine($"- {kind}: {w.Count}");
            foreach (var example in w.Examples) md.AppendLine($"  - {example}");
        }
        md.AppendLine();
    }

    private static void Pipeline(StringBuilder md, PipelineTiming pipeline)
    {
        md.AppendLine("## Pipeline");
        md.AppendLine();
        foreach (var (name, t) in new[] { ("training", pipeline.Training), ("validation", pipeline.Validation) })
        {
            if (t is null) continue;
            md.AppendLine($"{name}: {t.Runs} run(s), {S(t.Seconds)} s; consumer waited {S(t.ConsumerWaitSeconds)} s ({P(t.ConsumerWaitFraction)}); bottleneck: **{t.Bottleneck}**");
            md.AppendLine();
            md.AppendLine("| stage | workers | in | out | busy s | utilisation | mean queue | max queue / capacity |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in t.Stages)
                md.AppendLine($"| {s.Name} | {s.Parallelism} | {s.In} | {s.Out} | {S(s.BusySeconds)} | {P(s.Utilisation)} | {S(s.MeanQueueDepth)} | {s.MaxQueueDepth} / {s.Capacity} |");
            md.AppendLine();
        }
        if (pipeline.Epochs.Count > 0)
        {
            md.AppendLine("| epoch | trainer wait s | wait fraction | bottleneck |");
            md.AppendLine("|---:|---:|---:|---|");
            foreach (var e in pipeline.Epochs)
                md.AppendLine($"| {e.Epoch} | {S(e.WaitSeconds)} | {P(e.WaitFraction)} | {e.Bottleneck} |");
            md.AppendLine();
        }
    }

    /// <summary>The validation table: each metric with its interval, what each level rests on, the confusion
    /// matrices, how the intervals were made and why a metric is undefined (shared with the cross-validation report).</summary>
    /// <summary>The threshold chosen on validation, and each level's sensitivity and specificity at it.</summary>
    private static void Threshold(StringBuilder md, DecisionThreshold t)
    {
        md.AppendLine("## Decision threshold");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{t.Value:0.####}: {t.Rule}. The tables above are at 0.5."));
        md.AppendLine();
        md.AppendLine("| set | level | n | sensitivity | specificity | accuracy |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (set, levels) in t.Test.Prepend(new("validation", t.Validation)))
            foreach (var (level, m) in levels)
                md.AppendLine($"| {set} | {level} | {m.Counts.Total} | {F(m.Sensitivity)} | {F(m.Specificity)} | {F(m.Accuracy)} |");
        md.AppendLine();
    }

    public static void Validation(StringBuilder md, ValidationMetrics val)
    {
        var cw = val.Chunk.HasIcbhiScore;
        var challenge = val.Chunk.ChallengeScores is { } scores ? scores.Keys.Select(k => (k, true)).ToArray() : null;
        var metrics = challenge is not null
            ? [("accuracy", true), .. challenge, ("auc", false), ("brier", false)]
            : cw
            ? new[] { ("accuracy", true), ("sensitivity", true), ("specificity", true), ("icbhi_score", true), ("auc", false), ("brier", false) }
            : [("accuracy", true), ("sensitivity", true), ("specificity", true), ("balanced_accuracy", true), ("precision", true), ("f1", true), ("auc", false), ("brier", false)];
        var levels = new[] { ("chunk", val.Chunk), ("recording", val.Recording), ("patient", val.Patient) };
        md.AppendLine("| level | n (pos / neg) | patients (pos / neg) | " + string.Join(" | ", metrics.Select(m => Header(m.Item1))) + " |");
        md.AppendLine("|---|---:|---:|" + string.Concat(metrics.Select(_ => "---:|")));
        foreach (var (level, m) in levels)
        {
            var support = m.Support is { } s ? ($"{m.Count} ({s.Positive} / {s.Negative})", $"{s.Patients} ({s.PositivePatients} / {s.NegativePatients})") : ($"{m.Count}", "");
            md.AppendLine($"| {level} | {support.Item1} | {support.Item2} | " + string.Join(" | ", metrics.Select(x => Cell(m, x.Item1, x.Item2))) + " |");
        }
        md.AppendLine();
        if (val.Intervals is { } how) md.AppendLine($"Intervals in brackets: {how}.");
        foreach (var (level, m) in levels)
            foreach (var (name, i) in m.Intervals ?? new Dictionary<string, Pipeline.Metrics.MetricInterval>())
                if (i.Reason is { } why) md.AppendLine($"- {level} {Header(name)}: {why}");
        md.AppendLine();
        foreach (var (level, m) in levels)
            md.AppendLine($"- {level} confusion (rows truth, columns prediction{(m.Classes is { } c ? "; " + string.Join(", ", c) : "")}): " +
                          string.Join(" ", m.Confusion.Select(row => "[" + string.Join(", ", row) + "]")));
        md.AppendLine();
        if (val.Chunk is { IcbhiScored: true, Classes: { } classes }) ConfusionTable(md, val.Chunk.Confusion, classes);
    }

    /// <summary>The per-cycle confusion as a table: the challenge's Se counts only the diagonal of the abnormal rows.</summary>
    private static void ConfusionTable(StringBuilder md, long[][] confusion, IReadOnlyList<string> classes)
    {
        md.AppendLine("| truth \\ prediction | " + string.Join(" | ", classes) + " | total |");
        md.AppendLine("|---|" + string.Concat(classes.Select(_ => "---:|")) + "---:|");
        for (int i = 0; i < confusion.Length; i++)
            md.AppendLine($"| {classes[i]} | " + string.Join(" | ", confusion[i].Select((v, j) => i == j ? $"**{v}**" : v.ToString(CultureInfo.InvariantCulture))) +
                          $" | {confusion[i].Sum()} |");
        md.AppendLine();
    }

    public static string Header(string metric) => metric switch
    {
        "balanced_accuracy" => "balanced acc.",
        "icbhi_score" => "ICBHI score",
        "auc" => "AUC",
        "f1" => "F1",
        "brier" => "Brier",
        "se" or "sp" or "as" or "hs" => metric.ToUpperInvariant(),
        "score" => "Score",
        _ => metric,
    };

    private static string Cell(LevelMetrics m, string metric, bool percent)
    {
        var value = m.Named().GetValueOrDefault(metric);
        var text = percent ? P(value) : F(value);
        return m.Intervals?.GetValueOrDefault(metric) is { Low: { } lo, High: { } hi }
            ? $"{text} {(percent ? MetricInterval.Bracket(100 * lo, 100 * hi, "0.0") : MetricInterval.Bracket(lo, hi))}"
            : text;
    }

    private static string S(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    public static string P(double? v) => v is { } x && !double.IsNaN(x) ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    public static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The baseline beside the model: what it is, the headline metric of both with the paired difference,
    /// the plain sentences, then the baseline's own metrics per set.</summary>
    private static void Baseline(StringBuilder md, JobReport r, BaselineReport b)
    {
        md.AppendLine("## Baseline");
        md.AppendLine();
        md.AppendLine($"A {b.Model}: {b.Features} features, fitted on the job's {b.TrainChunks} training chunks with its class weights; " +
                      string.Create(CultureInfo.InvariantCulture, $"λ = {b.Lambda:G3} chosen on validation by {b.SelectedBy} from {string.Join(", ", b.Grid.Select(c => c.Lambda.ToString("G3", CultureInfo.InvariantCulture)))}; ") +
                      string.Create(CultureInfo.InvariantCulture, $"features {b.FeatureSeconds:0.00} s, fit {b.FitSeconds:0.00} s."));
        md.AppendLine();
        foreach (var line in BaselineTable.Rows(r, b).Prepend(BaselineTable.Header(b))) md.AppendLine(line);
        md.AppendLine();
        md.AppendLine(b.Sentences.Count == 0
            ? "Where the difference has an interval, the model beats the baseline or is compared on too little to say."
            : string.Join(" ", b.Sentences));
        md.AppendLine();
        md.AppendLine("### Baseline on validation");
        md.AppendLine();
        Validation(md, b.Val);
        foreach (var (set, metrics) in b.Test ?? new Dictionary<string, ValidationMetrics>())
        {
            md.AppendLine($"### Baseline on test set {set}");
            md.AppendLine();
            Validation(md, metrics);
        }
    }
}
