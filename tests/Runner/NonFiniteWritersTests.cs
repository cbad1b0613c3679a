using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Json;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;

namespace DataflowLung.Tests.Runner;

/// <summary>No writer throws on NaN or infinity: JSON files hold null (and say how many), CSV files an empty cell,
/// and every file reads back with NaN (or null) where the value was not finite.</summary>
public sealed class NonFiniteWritersTests
{
    private sealed record Numbers(double A, double? B, float C, IReadOnlyDictionary<string, double?> D, double Finite);

    [Fact]
    public void Finite_json_writes_null_for_nan_and_infinities_counts_them_and_reads_nan_back()
    {
        var value = new Numbers(double.NaN, double.PositiveInfinity, float.NegativeInfinity,
            new Dictionary<string, double?> { ["x"] = double.NaN, ["y"] = null, ["z"] = 0.5 }, 1.25);
        var options = new JsonSerializerOptions { Converters = { FiniteJson.Converter } };

        var (json, nonFinite) = FiniteJson.Serialize(value, options);

        Assert.Equal(4, nonFinite);
        var node = JsonNode.Parse(json)!;
        Assert.Null(node["A"]);
        Assert.Null(node["B"]);
        Assert.Null(node["C"]);
        Assert.Null(node["D"]!["x"]);
        Assert.Equal(0.5, node["D"]!["z"]!.GetValue<double>());
        Assert.Equal(1.25, node["Finite"]!.GetValue<double>());
        var back = JsonSerializer.Deserialize<Numbers>(json, options)!;
        Assert.True(double.IsNaN(back.A) && back.B is null && float.IsNaN(back.C) && back.D["x"] is null && back.Finite == 1.25);
        Assert.Contains("4 non-finite number(s)", FiniteJson.Note("report.json", nonFinite));
    }

    [Fact]
    public void Report_json_holds_null_for_a_non_finite_metric_and_reads_back()
    {
        var report = ReportFilesTests.SampleReport() with
        {
            Val = new ValidationMetrics(ReportFilesTests.Level(double.NaN), ReportFilesTests.Level(double.PositiveInfinity), ReportFilesTests.Level(0.8)),
            Outcome = "diverged",
            Divergence = new Divergence(2, 7, "the loss is NaN", ["icbhi:101_1b1_Al_sc_Meditron"], ["101_1b1_Al_sc_Meditron_0"]),
        };
        var (json, nonFinite) = ReportJson.SerializeCounting(report);
        Assert.Equal(2, nonFinite);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("val").GetProperty("chunk").GetProperty("auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("val").GetProperty("recording").GetProperty("auc").ValueKind);
        Assert.Equal("diverged", root.GetProperty("outcome").GetString());
        var divergence = root.GetProperty("divergence");
        Assert.Equal(7, divergence.GetProperty("batch").GetInt32());
        Assert.Equal("icbhi:101_1b1_Al_sc_Meditron", divergence.GetProperty("recordings")[0].GetString());
        Assert.Equal(0.8, ReportJson.Deserialize(json).Val!.Patient.Auc);
        Assert.Contains("training diverged at epoch 2, batch 7", ReportMarkdown.Render(report));
    }

    [Fact]
    public void Metrics_csv_leaves_non_finite_cells_empty_and_reads_them_as_nan()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("metrics.csv");
        using (var csv = new MetricsCsv(path))
            csv.Append(new EpochMetrics(1, double.NaN, double.PositiveInfinity, 1e-3, 10, 1, 100,
                new Dictionary<string, double?> { ["patient_auc"] = double.NegativeInfinity, ["chunk_auc"] = 0.75 }, false));
        var row = Assert.Single(MetricsCsv.Read(path));
        Assert.True(double.IsNaN(row["train_loss"]) && double.IsNaN(row["val_loss"]) && double.IsNaN(row["patient_auc"]));
        Assert.Equal(0.75, row["chunk_auc"]);
        Assert.DoesNotContain("Infinity", File.ReadAllText(path));
    }

    [Fact]
    public void Predictions_csv_leaves_a_non_finite_probability_empty_and_reads_it_as_nan()
    {
        var rows = new[] { new PredictionRow(PredictionLevel.Chunk, "a_0", "icbhi", "a", "p", [1f], [float.NaN]),
                           new PredictionRow(PredictionLevel.Chunk, "b_0", "icbhi", "b", "p", [0f], [0.25f]) };
        var text = PredictionsCsv.Render(TaskRegistry.Pneumonia, rows);
        Assert.DoesNotContain("NaN", text);
        using var tmp = new TempFolder();
        var path = tmp.Combine("predictions.csv");
        File.WriteAllText(path, text);
        var back = PredictionsCsv.Read(path, TaskRegistry.Pneumonia);
        Assert.True(double.IsNaN(back[0].Probabilities[0]));
        Assert.Equal(0.25, back[1].Probabilities[0]);
    }

    [Fact]
    public void Params_json_writes_null_for_a_non_finite_parameter_and_names_it()
    {
        var p = JobParameters.Defaults(TaskRegistry.Pneumonia) with { Train = new TrainParams(LearningRate: double.PositiveInfinity) };
        var json = JsonNode.Parse(ParamsJson.Render(p, DataflowLung.Experiments.Jobs.VersionInfo.Current))!;
        var parameters = json["parameters"]!.AsObject();
        Assert.True(parameters.ContainsKey("lr"));
        Assert.Null(parameters["lr"]);
        Assert.Contains("lr: not a finite number", json["non_finite"]!.GetValue<string>());
        Assert.Equal(p.Train.WeightDecay, parameters["weight_decay"]!.GetValue<double>());
    }

    [Fact]
    public void The_checkpoint_sidecar_writes_null_for_non_finite_numbers_and_reads_nan_back()
    {
        using var tmp = new TempFolder();
        var shape = new ModelShape(32, 40, 1);
        using var model = ModelRegistry.Find("tiny").ThrowIfFail().Create(shape, seed: 1);
        var info = new CheckpointInfo("tiny", TaskRegistry.Pneumonia, 32, 40, 1, FeatureParams.Default, new ChunkParams(), new TrainParams(),
            3, double.NaN, double.PositiveInfinity, new Dictionary<string, double?> { ["patient_auc"] = double.NaN },
            ModelInspector.Summarise("tiny", model, shape), PlateauState.Start(1e-3) with { Best = double.NegativeInfinity },
            DataflowLung.Model.Checkpoints.VersionInfo.Current());
        CheckpointStore.Save(tmp.Path, model, info);
        var sidecar = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, CheckpointStore.InfoFile)))!;
        Assert.Null(sidecar["train_loss"]);
        Assert.Null(sidecar["validation_loss"]);
        var back = CheckpointStore.ReadInfo(tmp.Path).ThrowIfFail();
        Assert.True(double.IsNaN(back.TrainLoss));
        Assert.Null(back.ValidationLoss);
        Assert.Null(back.Metrics["patient_auc"]);
        Assert.Equal(3, back.Epoch);
    }
}
