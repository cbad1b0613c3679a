using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Plots;
using DataflowLung.Experiments.Report;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Tasks;

namespace DataflowLung.Tests.Views;

/// <summary>A finished pneumonia job folder made without training: chunk predictions of <paramref name="patients"/>
/// patients (every third positive) whose scores separate the classes as far as <paramref name="skill"/> says, then what
/// a job writes from them: predictions.csv, metrics.csv, the plots, params.json, report.json/md and report.html.</summary>
public static class JobFolderFixture
{
    public static JobReport Write(string folder, string model, double skill, int patients = 12, int seed = 1, int epochs = 4,
        IReadOnlyDictionary<string, string>? parameters = null)
    {
        Directory.CreateDirectory(Path.Combine(folder, "plots"));
        var task = TaskRegistry.Pneumonia;
        var rng = new Random(seed);
        var chunks = new List<PredictionRow>();
        for (var p = 0; p < patients; p++)
            for (var r = 0; r < 2; r++)
                for (var c = 0; c < 2; c++)
                {
                    var label = p % 3 == 0 ? 1.0 : 0.0;
                    var score = Math.Clamp(0.5 + skill * (label - 0.5) + 0.35 * (rng.NextDouble() - 0.5), 0.01, 0.99);
                    chunks.Add(new PredictionRow(PredictionLevel.Chunk, $"P{p}_r{r}_{c}", "jordan", $"P{p}_r{r}", $"P{p}", [label], [(float)score]));
                }
        var rows = PredictionLevels.FromChunkRows(chunks, task, PatientRule.Mean);
        PredictionsCsv.Write(Path.Combine(folder, "predictions.csv"), task, rows);
        rows = PredictionsCsv.Read(Path.Combine(folder, "predictions.csv"), task); // the report's rows are the file's, as in a job
        var bootstrap = new BootstrapParams() with { Resamples = 400 };
        var val = Scoring.Validation(task, rows, bootstrap);
        var threshold = DecisionThreshold.Choose(rows);
        using (var metrics = new MetricsCsv(Path.Combine(folder, "metrics.csv")))
            for (var e = 1; e <= epochs; e++)
                metrics.Append(new EpochMetrics(e, 0.7 - 0.05 * e * skill, 0.72 - 0.03 * e * skill, 1e-3, 10, 0.5, 100,
                    new Dictionary<string, double?> { ["patient_auc"] = 0.5 + skill * e / (2.0 * epochs), ["chunk_auc"] = 0.5 + skill * e / (3.0 * epochs) }, e == epochs));
        JobPlots.Curves(Path.Combine(folder, "plots"), task, MetricsCsv.Read(Path.Combine(folder, "metrics.csv")), epochs);
        JobPlots.Validation(Path.Combine(folder, "plots"), task, rows, val, bootstrap);
        var values = new Dictionary<string, string> { ["model"] = $"\"{model}\"", ["seed"] = "12", ["preset"] = "\"default\"" };
        foreach (var (k, v) in parameters ?? new Dictionary<string, string>()) values[k] = v;
        File.WriteAllText(Path.Combine(folder, "params.json"),
            "{\"task\": \"pneumonia\", \"parameters\": {" + string.Join(", ", values.Select(kv => $"\"{kv.Key}\": {kv.Value}")) + "}}");
        var split = new SplitCounts(patients, 2 * patients, chunks.Count, new Dictionary<string, int>());
        var report = new JobReport("pneumonia", "train", ["jordan"], new ModelReport(model, 1000, 1000, 10000, [1, 128, 313], 1), folder,
            new DataReport([], [], split, split), val, epochs, epochs, "completed", new TimingReport(new Dictionary<string, double>(), 0, 42.5),
            AugmentationReport.None, VersionInfo.Current, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Threshold: threshold);
        JobOutputs.WriteReport(new JobFolder(folder, "001"), report);
        return report;
    }
}
