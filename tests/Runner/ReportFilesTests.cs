using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Tests.Runner;

public sealed class ReportFilesTests
{
    internal static LevelMetrics Level(double? auc, double? icbhi = null) =>
        new(10, 0.9, 0.8, 0.95, 0.875, 0.7, 0.75, auc, icbhi, [[8, 1], [0, 1]]);

    internal static JobReport SampleReport() => new(
        Task: "pneumonia", Kind: "train", Datasets: ["icbhi", "jordan"], Model: new ModelReport("tiny", 1361, 1313, 14_459_920, [1, 128, 313], 1), JobDirectory: "/tmp/x",
        Data: new DataReport(
            [new DatasetCounts("icbhi", 14, 7, new Dictionary<string, int> { ["negative"] = 14, ["positive"] = 0 })],
            [new SkippedFile("icbhi/bad.wav", "not a RIFF file")],
            new SplitCounts(5, 10, 40, new Dictionary<string, int> { ["negative"] = 40 }),
            new SplitCounts(2, 4, 12, new Dictionary<string, int> { ["negative"] = 12 })),
        Val: new ValidationMetrics(Level(0.9), Level(null), Level(0.8)),
        BestEpoch: 3, EpochsRun: 5, Outcome: "completed",
        Timing: new TimingReport(new Dictionary<string, double> { ["training"] = 12.5 }, 1.25, 20, SamplePipeline),
        Augmentation: AugmentationReport.Of(SamplePipeline.Epochs),
        Versions: VersionInfo.Current, Started: DateTimeOffset.UnixEpoch, Finished: DateTimeOffset.UnixEpoch.AddMinutes(1));

    private static readonly PipelineTiming SamplePipeline = new(
        new FlowTotals(2, 10, 0.3, 0.03, "features",
            [new StageTotals("decode", 1, 8, 20, 20, 2.0, 0.2, 1.5, 8), new StageTotals("features", 2, 3, 80, 80, 16.0, 0.8, 2.5, 3)]),
        null,
        [
            new EpochPipeline(1, 0.25, 0.05, "features", new Dictionary<string, long> { ["specaugment"] = 7, ["mixup"] = 3 }),
            new EpochPipeline(2, 0.05, 0.01, "features", new Dictionary<string, long> { ["specaugment"] = 9 }),
        ]);

    [Fact]
    public void Report_json_has_the_model_augmentation_and_pipeline_sections()
    {
        using var doc = JsonDocument.Parse(ReportJson.Serialize(SampleReport()));
        var root = doc.RootElement;
        var model = root.GetProperty("model");
        Assert.Equal("tiny", model.GetProperty("name").GetString());
        Assert.Equal(1361, model.GetProperty("parameters").GetInt64());
        Assert.Equal(1313, model.GetProperty("trainable_parameters").GetInt64());
        Assert.Equal(14_459_920, model.GetProperty("flops_per_sample").GetInt64());
        Assert.Equal(new[] { 1, 128, 313 }, model.GetProperty("input_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        Assert.Equal(16, root.GetProperty("augmentation").GetProperty("total").GetProperty("specaugment").GetInt64());
        Assert.Equal(3, root.GetProperty("augmentation").GetProperty("per_epoch")[0].GetProperty("by_kind").GetProperty("mixup").GetInt64());
        var pipeline = root.GetProperty("timing").GetProperty("pipeline");
        Assert.Equal("features", pipeline.GetProperty("training").GetProperty("bottleneck").GetString());
        Assert.Equal(JsonValueKind.Null, pipeline.GetProperty("validation").ValueKind);
        var decode = pipeline.GetProperty("training").GetProperty("stages")[0];
        foreach (var key in new[] { "in", "out", "busy_seconds", "utilisation", "mean_queue_depth", "max_queue_depth" })
            Assert.True(decode.TryGetProperty(key, out _), key);
        Assert.Equal(0.05, pipeline.GetProperty("epochs")[0].GetProperty("wait_fraction").GetDouble());
        var back = ReportJson.Deserialize(ReportJson.Serialize(SampleReport()));
        Assert.Equal(80, back.Timing.Pipeline!.Training!.Stages[1].In);
    }

    [Fact]
    public void Report_markdown_shows_model_augmentation_and_pipeline()
    {
        var md = ReportMarkdown.Render(SampleReport());
        Assert.Contains("tiny: 1,361 parameters (1,313 trainable), 14,459,920 multiply-adds per sample", md);
        Assert.Contains("input 1 × 128 × 313", md);
        Assert.Contains("| epoch | mixup | specaugment |", md);
        Assert.Contains("| 2 | 0 | 9 |", md);
        Assert.Contains("| total | 3 | 16 |", md);
        Assert.Contains("bottleneck: **features**", md);
        Assert.Contains("| features | 2 | 80 | 80 | 16.00 | 80.0 % | 2.50 | 3 / 3 |", md);
        Assert.Contains("| 1 | 0.25 | 5.0 % | features |", md);
    }

    [Fact]
    public void Report_json_has_the_issue_shape_and_reads_back()
    {
        var json = ReportJson.Serialize(SampleReport());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("pneumonia", root.GetProperty("task").GetString());
        Assert.Equal(2, root.GetProperty("datasets").GetArrayLength());
        Assert.Equal("not a RIFF file", root.GetProperty("data").GetProperty("files_skipped")[0].GetProperty("reason").GetString());
        foreach (var level in new[] { "chunk", "recording", "patient" })
            foreach (var m in new[] { "accuracy", "sensitivity", "specificity", "auc" })
                Assert.True(root.GetProperty("val").GetProperty(level).TryGetProperty(m, out _), $"val.{level}.{m}");
        Assert.Equal(3, root.GetProperty("best_epoch").GetInt32());
        Assert.Equal(1.25, root.GetProperty("timing").GetProperty("trainer_wait_seconds").GetDouble());
        Assert.True(root.GetProperty("versions").TryGetProperty("torch_sharp", out _));
        var back = ReportJson.Deserialize(json);
        Assert.Equal(0.9, back.Val!.Chunk.Auc);
        Assert.Null(back.Val.Recording.Auc);
        Assert.Equal("icbhi/bad.wav", back.Data.FilesSkipped[0].Path);
    }

    [Fact]
    public void Report_markdown_shows_headline_metrics_and_skipped_files()
    {
        var md = ReportMarkdown.Render(SampleReport());
        Assert.Contains("| chunk | 10 |  | 90.0 % | 80.0 % | 95.0 %", md);
        Assert.Contains("| recording |", md);
        Assert.Contains("n/a", md); // the undefined recording AUC
        Assert.Contains("`icbhi/bad.wav`: not a RIFF file", md);
    }

    [Fact]
    public void Intervals_and_support_are_fields_in_report_json_and_beside_each_value_in_report_md()
    {
        // 12 patients (every third positive), 2 recordings of 2 chunks each; scores lean towards the truth.
        var chunks = Enumerable.Range(0, 12).SelectMany(p => Enumerable.Range(0, 4).Select(c => new PredictionRow(PredictionLevel.Chunk,
            $"r{p}_{c / 2}_{c % 2}", "jordan", $"r{p}_{c / 2}", $"{p}", [p % 3 == 0 ? 1f : 0f], [(p % 3 == 0 ? 0.55f : 0.35f) + 0.02f * c + 0.01f * p]))).ToArray();
        var val = Scoring.Validation(TaskRegistry.Pneumonia, PredictionLevels.FromChunkRows(chunks, TaskRegistry.Pneumonia), new DataflowLung.Pipeline.Metrics.BootstrapParams(Resamples: 200, Seed: 5));
        var report = SampleReport() with { Val = val };

        var md = ReportMarkdown.Render(report);
        Assert.Contains("| patient | 12 (4 / 8) | 12 (4 / 8) |", md);
        Assert.Contains("| chunk | 48 (16 / 32) | 12 (4 / 8) |", md);
        Assert.Matches(@"\| patient \|[^\n]*\d+\.\d % \[\d+\.\d, \d+\.\d\][^\n]*\| \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \|", md);
        Assert.Contains("Intervals in brackets: 95 % percentile bootstrap over patients: 200 resamples, seed 5", md);

        using var doc = JsonDocument.Parse(ReportJson.Serialize(report));
        var patient = doc.RootElement.GetProperty("val").GetProperty("patient");
        var auc = patient.GetProperty("intervals").GetProperty("auc");
        Assert.Equal(patient.GetProperty("auc").GetDouble(), auc.GetProperty("value").GetDouble());
        Assert.InRange(auc.GetProperty("value").GetDouble(), auc.GetProperty("low").GetDouble(), auc.GetProperty("high").GetDouble());
        Assert.Equal(12, auc.GetProperty("clusters").GetInt32());
        Assert.Equal(200, auc.GetProperty("resamples").GetInt32());
        Assert.Equal(48, doc.RootElement.GetProperty("val").GetProperty("chunk").GetProperty("intervals").GetProperty("accuracy").GetProperty("items").GetInt32());
        Assert.Equal(4, patient.GetProperty("support").GetProperty("positive_patients").GetInt32());
        Assert.Equal(JsonValueKind.Number, patient.GetProperty("brier").ValueKind);
        var back = ReportJson.Deserialize(ReportJson.Serialize(report));
        Assert.Equal(val.Patient.Intervals!["auc"], back.Val!.Patient.Intervals!["auc"]);

        // No positive patient: AUC and sensitivity are null with the reason, in both files.
        var negatives = chunks.Where(c => c.Labels[0] < 0.5f).ToArray();
        var none = Scoring.Validation(TaskRegistry.Pneumonia, PredictionLevels.FromChunkRows(negatives, TaskRegistry.Pneumonia), new DataflowLung.Pipeline.Metrics.BootstrapParams(Resamples: 100));
        Assert.Null(none.Patient.Auc);
        Assert.StartsWith("undefined: no positive row", none.Patient.Intervals!["auc"].Reason);
        Assert.StartsWith("undefined: no positive row", none.Patient.Intervals!["sensitivity"].Reason);
        Assert.Contains("- patient AUC: undefined: no positive row (all 8 negative, 8 patient(s))", ReportMarkdown.Render(report with { Val = none }));
    }

    [Fact]
    public void Metrics_csv_keeps_one_row_per_epoch_with_empty_cells_for_undefined_values()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("metrics.csv");
        using (var csv = new MetricsCsv(path))
        {
            csv.Append(new EpochMetrics(1, 0.7, 0.6, 1e-3, 2.5, 0.1, 250, new Dictionary<string, double?> { ["chunk_auc"] = 0.9, ["patient_auc"] = null, ["val_loss"] = 0.6 }, true));
            csv.Append(new EpochMetrics(2, 0.5, null, 1e-3, 2.0, 0.2, 250, new Dictionary<string, double?> { ["chunk_auc"] = 0.95, ["patient_auc"] = 1.0 }, false));
        }
        var rows = MetricsCsv.Read(path);
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[1]["epoch"]);
        Assert.Equal(0.5, rows[1]["train_loss"]);
        Assert.True(double.IsNaN(rows[1]["val_loss"]));
        Assert.Equal(0.9, rows[0]["chunk_auc"]);
        Assert.True(double.IsNaN(rows[0]["patient_auc"]));
        Assert.Equal(1.0, rows[1]["patient_auc"]);
        Assert.Equal(100, rows[0]["samples_per_second"]);
        Assert.Equal(1, rows[0]["best"]);
        Assert.Single(File.ReadAllLines(path)[0].Split(","), c => c == "val_loss");
    }

    [Fact]
    public void Metrics_csv_has_the_wait_fraction_and_a_resume_continues_under_its_header_after_the_checkpoint_epoch()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("metrics.csv");
        var metrics = new Dictionary<string, double?> { ["chunk_auc"] = 0.9 };
        using (var csv = new MetricsCsv(path))
            foreach (var epoch in new[] { 1, 2, 3 })
                csv.Append(new EpochMetrics(epoch, 0.7, 0.6, 1e-3, 2.0, 0.1, 200, metrics, false, 0.05));
        // The checkpoint says epoch 2: the row of epoch 3 (written after it) goes, epoch 3 is trained again.
        using (var csv = MetricsCsv.Resume(path, lastEpoch: 2))
            csv.Append(new EpochMetrics(3, 0.4, 0.5, 1e-3, 2.0, 0.2, 200, new Dictionary<string, double?> { ["chunk_auc"] = 0.95, ["new_metric"] = 1 }, true, 0.1));
        var rows = MetricsCsv.Read(path);
        Assert.Equal(new double[] { 1, 2, 3 }, rows.Select(r => r["epoch"]));
        Assert.Equal(0.05, rows[0]["wait_fraction"]);
        Assert.Equal(0.1, rows[2]["wait_fraction"]);
        Assert.Equal(0.95, rows[2]["chunk_auc"]);
        Assert.Equal(0.4, rows[2]["train_loss"]);
        Assert.Single(File.ReadAllLines(path), l => l.StartsWith("epoch,", StringComparison.Ordinal));
    }

    [Fact]
    public void Predictions_csv_round_trips_names_with_commas()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("predictions.csv");
        var rows = new[]
        {
            new PredictionRow(PredictionLevel.Chunk, "BP1_Asthma,E W,P L U,45,F_0", "jordan", "BP1_Asthma,E W,P L U,45,F", "1", [1f], [0.25f]),
            new PredictionRow(PredictionLevel.Patient, "jordan:1", "jordan", "", "1", [1f], [0.75f]),
        };
        PredictionsCsv.Write(path, TaskRegistry.Pneumonia, rows);
        var back = PredictionsCsv.Read(path, TaskRegistry.Pneumonia);
        Assert.Equal(rows.Select(r => (r.Level, r.Name, r.Recording, r.Probabilities[0])), back.Select(r => (r.Level, r.Name, r.Recording, r.Probabilities[0])));
        Assert.StartsWith("level,name,dataset,recording,patient,label_pneumonia,p_pneumonia", File.ReadAllLines(path)[0]);
    }
}
