using System.Globalization;
using System.Text;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Splits;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>report.md of a cross-validation folder: the scheme, the pooled out-of-fold table (with intervals and the
/// positives and negatives behind each level), the per-fold mean ± sd, each fold with its validation patients and
/// their labels, and the skipped files.</summary>
public static class CrossValidationMarkdown
{
    public static string Render(CrossValidationReport r)
    {
        var md = new StringBuilder();
        var s = r.Scheme;
        md.AppendLine($"# {r.Task} — cross-validation report");
        md.AppendLine();
        md.AppendLine($"- datasets: {string.Join(", ", r.Datasets)}");
        md.AppendLine($"- model: {r.Model.Name}");
        md.AppendLine($"- folder: `{r.JobDirectory}`");
        md.AppendLine($"- scheme: {s.Note}");
        md.AppendLine($"- folds run: {r.Folds.Count}, {S(r.FoldSeconds)} s of fold time; first fold started {r.Started:u}, last finished {r.Finished:u}");
        md.AppendLine();
        md.AppendLine("## Out-of-fold (every patient scored by the model that never saw it)");
        md.AppendLine();
        if (s.Repeats > 1) md.AppendLine($"Each chunk's probability is the mean over its {s.Repeats} repeats.");
        if (r.Unscored.Count > 0)
            md.AppendLine($"{r.Unscored.Count} of the plan's {s.Patients} patients have no out-of-fold prediction (no chunk from any of their recordings): " +
                          string.Join(", ", r.Unscored) + ".");
        md.AppendLine();
        ReportMarkdown.Validation(md, r.OutOfFold);
        md.AppendLine("## Per fold (mean ± sd over the folds where the metric is defined)");
        md.AppendLine();
        var metrics = r.PerFold.Values.First().Keys.ToArray();
        md.AppendLine("| level | " + string.Join(" | ", metrics.Select(ReportMarkdown.Header)) + " |");
        md.AppendLine("|---|" + string.Concat(metrics.Select(_ => "---:|")));
        foreach (var (level, spreads) in r.PerFold)
            md.AppendLine($"| {level} | " + string.Join(" | ", metrics.Select(m => Spread(spreads[m]))) + " |");
        md.AppendLine();
        md.AppendLine("## Folds");
        md.AppendLine();
        md.AppendLine("| fold | repeat | folder | outcome | best epoch | train patients | val patients (pos / neg) | val chunks | patient AUC | patient accuracy | seconds |");
        md.AppendLine("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in r.Folds)
        {
            int pos = f.ValidationPatients.Count(x => x.Positive);
            var patient = f.Metrics.GetValueOrDefault("patient");
            md.AppendLine($"| {f.Fold} | {f.Repeat} | `{f.Folder}` | {f.Outcome} | {f.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} | {f.Train.Patients} | " +
                          $"{f.ValidationPatients.Count} ({pos} / {f.ValidationPatients.Count - pos}) | {f.Val.Chunks} | " +
                          $"{ReportMarkdown.F(patient?.GetValueOrDefault("auc"))} | {ReportMarkdown.P(patient?.GetValueOrDefault("accuracy"))} | {S(f.Seconds)} |");
        }
        md.AppendLine();
        md.AppendLine("Validation patients of each fold (positive ones marked):");
        md.AppendLine();
        foreach (var f in r.Folds)
            md.AppendLine($"- {FoldListing.Line(f.Index, f.Repeat, f.Fold, s.Repeats, f.ValidationPatients, r.Task)}");
        md.AppendLine();
        md.AppendLine($"## Files skipped: {r.FilesSkipped.Count}");
        foreach (var f in r.FilesSkipped) md.AppendLine($"- `{f.Path}`: {f.Reason}");
        md.AppendLine();
        md.AppendLine("## Versions");
        md.AppendLine();
        md.AppendLine($"runner {r.Versions.Runner}; {r.Versions.DotNet}; {r.Versions.Os}; TorchSharp {r.Versions.TorchSharp}; ILGPU {r.Versions.Ilgpu}");
        return md.ToString();
    }

    private static string Spread(FoldSpread x) => x.Mean is { } mean
        ? $"{F(mean)} ± {(x.Sd is { } sd ? F(sd) : "n/a")}" + (x.Folds < x.Total ? $" ({x.Folds} of {x.Total})" : "")
        : $"n/a (0 of {x.Total})";

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string S(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
