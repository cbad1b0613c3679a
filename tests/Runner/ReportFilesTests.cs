using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Runner.Jobs;

namespace DataflowLung.Tests.Runner;

public sealed class ReportFilesTests
{
    internal static LevelMetrics Level(double? auc, double? icbhi = null) =>
        new(10, 0.9, 0.8, 0.95, 0.875, 0.7, 0.75, auc, icbhi, [[8, 1], [0, 1]]);

    internal static JobReport SampleReport() => new(
        Task: "pneumonia", Kind: "train", Datasets: ["icbhi", "jordan"], Model: "tiny", JobDirectory: "/tmp/x",
        Data: new DataReport(
            [new DatasetCounts("icbhi", 14, 7, new Dictionary<string, int> { ["negative"] = 14, ["positive"] = 0 })],
            [new SkippedFile("icbhi/bad.wav", "not a RIFF file")],
            new SplitCounts(5, 10, 40, new Dictionary<string, int> { ["negative"] = 40 }),
            new SplitCounts(2, 4, 12, new Dictionary<string, int> { ["negative"] = 12 })),
        Val: new ValidationMetrics(Level(0.9), Level(null), Level(0.8)),
        BestEpoch: 3, EpochsRun: 5, Outcome: "completed",
        Timing: new TimingReport(new Dictionary<string, double> { ["training"] = 12.5 }, 1.25, 20),
        Versions: VersionInfo.Current, Started: DateTimeOffset.UnixEpoch, Finished: DateTimeOffset.UnixEpoch.AddMinutes(1));

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
        Assert.Contains("| chunk | 10 | 90.0 % | 80.0 % | 95.0 %", md);
        Assert.Contains("| recording |", md);
        Assert.Contains("n/a", md); // the undefined recording AUC
        Assert.Contains("`icbhi/bad.wav`: not a RIFF file", md);
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
    public void Predictions_csv_round_trips_names_with_commas()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("predictions.csv");
        var rows = new[]
        {
            new PredictionRow(PredictionLevel.Chunk, "BP1_Asthma,E W,P L U,45,F_0", "jordan", "BP1_Asthma,E W,P L U,45,F", "1", [1f], [0.25f]),
            new PredictionRow(PredictionLevel.Patient, "jordan:1", "jordan", "", "1", [1f], [0.75f]),
        };
        PredictionsCsv.Write(path, LearningTask.Pneumonia, rows);
        var back = PredictionsCsv.Read(path, LearningTask.Pneumonia);
        Assert.Equal(rows.Select(r => (r.Level, r.Name, r.Recording, r.Probabilities[0])), back.Select(r => (r.Level, r.Name, r.Recording, r.Probabilities[0])));
        Assert.StartsWith("level,name,dataset,recording,patient,label_pneumonia,p_pneumonia", File.ReadAllLines(path)[0]);
    }
}
