using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Tests.Support;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

/// <summary>The whole chain through the real CLI entry point, demo-sized: synthetic corpus → pneumonia job →
/// every file of the job folder → predict with the saved model reproduces the validation probabilities.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class EndToEndTests
{
    [Fact]
    public async Task Demo_job_writes_a_complete_job_folder_and_predict_reproduces_its_validation()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        var runs = tmp.Combine("runs");
        // Three epochs instead of the demo's six keep CI short; the synthetic signal is learnt in one.
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "demo", "--out", runs, "--corpus", corpus, "--epochs", "3", "--features", "cpu");
        Assert.True(code == ExitCodes.Success, $"demo failed ({code}):\n{stderr}\n{stdout}");

        var job = Path.Combine(runs, "pneumonia", "demo", "001");
        Assert.True(File.Exists(Path.Combine(corpus, DataflowLung.Experiments.Data.DemoCorpusFolder.MarkerFile))); // a later demo may reuse it
        Assert.Contains($"report: {Path.Combine(job, "report.json")}", stdout);
        foreach (var file in new[] { "params.json", "log.txt", "metrics.csv", "report.md", "report.json", "model.pt", "model.json", "predictions.csv" })
            Assert.True(new FileInfo(Path.Combine(job, file)) is { Exists: true, Length: > 0 }, $"{file} missing or empty");
        var plots = Directory.GetFiles(Path.Combine(job, "plots")).Select(Path.GetFileName).ToArray();
        foreach (var plot in new[] { "loss.png", "metrics.png", "roc.png", "confusion_chunk.png", "confusion_recording.png", "confusion_patient.png" })
            Assert.Contains(plot, plots);
        Assert.Contains(plots, p => p!.StartsWith("example_pneumonia_", StringComparison.Ordinal));
        Assert.Contains(plots, p => p!.StartsWith("example_negative_", StringComparison.Ordinal));

        // report.json: the issue's shape, and a learnt signal
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "report.json")));
        var root = report.RootElement;
        Assert.Equal("pneumonia", root.GetProperty("task").GetString());
        Assert.Equal(new[] { "icbhi", "jordan" }, root.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.Equal(2, root.GetProperty("data").GetProperty("datasets").GetArrayLength());
        Assert.Equal(0, root.GetProperty("data").GetProperty("files_skipped").GetArrayLength());
        foreach (var level in new[] { "chunk", "recording", "patient" })
            foreach (var metric in new[] { "accuracy", "sensitivity", "specificity", "auc" })
                Assert.Equal(JsonValueKind.Number, root.GetProperty("val").GetProperty(level).GetProperty(metric).ValueKind);
        Assert.True(root.GetProperty("val").GetProperty("patient").GetProperty("auc").GetDouble() > 0.9);
        Assert.InRange(root.GetProperty("best_epoch").GetInt32(), 1, 3);
        Assert.True(root.GetProperty("timing").GetProperty("stage_seconds").TryGetProperty("training", out _));
        Assert.True(root.GetProperty("timing").TryGetProperty("trainer_wait_seconds", out _));
        Assert.True(root.GetProperty("versions").TryGetProperty("torch_sharp", out _));

        // the model block (issue 9) and the pipeline's counters (issue 7), summed over the three training epochs
        var model = root.GetProperty("model");
        Assert.Equal("tiny", model.GetProperty("name").GetString());
        Assert.True(model.GetProperty("parameters").GetInt64() >= model.GetProperty("trainable_parameters").GetInt64());
        Assert.True(model.GetProperty("flops_per_sample").GetInt64() > 0);
        Assert.Equal(new[] { 1, 128, 313 }, model.GetProperty("input_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        var pipeline = root.GetProperty("timing").GetProperty("pipeline");
        var training = pipeline.GetProperty("training");
        Assert.Equal(3, training.GetProperty("runs").GetInt32());
        var stages = training.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Contains(stages, s => s.GetProperty("name").GetString() == "features");
        Assert.Contains(training.GetProperty("bottleneck").GetString(), stages.Select(s => s.GetProperty("name").GetString()));
        var batches = stages.Single(s => s.GetProperty("name").GetString() == "batch");
        Assert.True(batches.GetProperty("out").GetInt64() > 0);
        Assert.True(pipeline.GetProperty("validation").GetProperty("runs").GetInt32() >= 3); // one per epoch, then the best model's pass
        Assert.Equal(new[] { 1, 2, 3 }, pipeline.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToArray());
        var md = File.ReadAllText(Path.Combine(job, "report.md"));
        Assert.Contains("## Pipeline", md);
        Assert.Contains("multiply-adds per sample", md);

        // metrics.csv: one row per epoch; log.txt: timestamped lines, including the parameter printout
        var rows = MetricsCsv.Read(Path.Combine(job, "metrics.csv"));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.InRange(r["wait_fraction"], 0, 1));
        var log = File.ReadAllLines(Path.Combine(job, "log.txt"));
        Assert.All(log, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", line));
        Assert.Contains(log, line => line.Contains("model                  \"tiny\""));

        // the TensorBoard log: each epoch's losses as metrics.csv has them, the figures and the parameters at the best epoch
        var events = Views.EventFileReader.Read(Assert.Single(Directory.GetFiles(job, "events.out.tfevents.*")));
        var trainLoss = events.SelectMany(e => e.Values.Where(v => v.Tag == "loss/train").Select(v => (e.Step, v.Scalar!.Value))).ToArray();
        Assert.Equal(rows.Select(r => ((long)r["epoch"], (float)r["train_loss"])), trainLoss);
        var best = root.GetProperty("best_epoch").GetInt32();
        Assert.Contains(events, e => e.Step == best && e.Values.Any(v => v.Tag == "plots/roc" && v.Image is not null));
        Assert.Contains(events, e => e.Step == best && e.Values.Any(v => v.Tag == "parameters" && v.Text!.Contains("\"tensorboard\": true")));

        // params.json reads back as a config giving the job's parameters
        var reread = ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Pneumonia, Some(Path.Combine(job, "params.json")), default, corpus, runs));
        Assert.True(reread.IsSucc, string.Join("; ", reread.Match(_ => Seq<string>(), ParameterResolver.Problems)));
        Assert.Equal("tiny", reread.Match(Succ: p => p.Train.Model, Fail: _ => ""));
        Assert.Equal(3, reread.Match(Succ: p => p.Train.Epochs, Fail: _ => 0));

        // predict with the saved model reproduces the validation probabilities of each recording
        var validation = PredictionsCsv.Read(Path.Combine(job, "predictions.csv"), TaskRegistry.Pneumonia)
            .Where(r => r.Level == PredictionLevel.Recording).ToArray();
        Assert.NotEmpty(validation);
        var files = validation.Select(r => Path.Combine(corpus, r.Dataset, r.Recording + ".wav")).ToArray();
        var (predictCode, predicted, predictErr) = await CliArgumentTests.Run(null, ["predict", "--model", job, "--format", "csv", "--features", "cpu", .. files]);
        Assert.True(predictCode == ExitCodes.Success, predictErr);
        var byFile = predicted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => PredictionsCsvTestView.Split(l))
            .ToDictionary(c => c[1], c => double.Parse(c[3], CultureInfo.InvariantCulture));
        Assert.Equal(validation.Length, byFile.Count);
        foreach (var (row, file) in validation.Zip(files))
            Assert.InRange(Math.Abs(row.Probabilities[0] - byFile[file]), 0, 1e-5);
    }
}

/// <summary>Reads the CSV predict prints (quoted file names contain commas).</summary>
internal static class PredictionsCsvTestView
{
    public static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line.TrimEnd('\r'))
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
