using DataflowLung.Tests.Support;
using System.Text.Json;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Tests.Runner;

/// <summary>One small real job (tiny model, SpecAugment on, one corrupted recording), then <c>--resume</c> to a
/// third epoch: the bad file is reported and the job still succeeds, the report counts the augmented samples,
/// and the resumed job continues metrics.csv and log.txt in its own folder.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class ResumeTests
{
    [Fact]
    public async Task A_job_with_a_corrupt_file_succeeds_reports_it_and_resumes_to_more_epochs()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 6, JordanPatients: 6, MaxSeconds: 11));
        var corrupt = info.Recordings.Select(r => r.Path).First(p => p.EndsWith(".wav", StringComparison.Ordinal));
        File.WriteAllBytes(corrupt, "this is not a wav file at all, just text"u8.ToArray());
        var runs = tmp.Combine("runs");
        string[] job = ["pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--features", "cpu", "--monitor", "val_loss",
            "--set", """specaugment={"time_masks":1,"max_time_width":10,"freq_masks":1,"max_freq_width":8,"quantity":0.5}"""];

        var (code, stdout, stderr) = await CliArgumentTests.Run(null, [.. job, "--epochs", "2"]);
        Assert.True(code == ExitCodes.Success, $"job failed ({code}):\n{stderr}\n{stdout}");
        var dir = Path.Combine(runs, "pneumonia", "default", "001");
        using (var first = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json"))))
        {
            var skipped = first.RootElement.GetProperty("data").GetProperty("files_skipped").EnumerateArray()
                .Single(f => Path.GetFullPath(f.GetProperty("path").GetString()!) == Path.GetFullPath(corrupt));
            Assert.False(string.IsNullOrWhiteSpace(skipped.GetProperty("reason").GetString()));
            // ... and counted among the run's warnings, shown on the console too.
            var warned = first.RootElement.GetProperty("warnings").GetProperty("files_skipped");
            Assert.Contains(warned.GetProperty("examples").EnumerateArray(), e => e.GetString()!.Contains(corrupt));
            Assert.Contains($"warning: skipped {corrupt}", stdout);
            Assert.True(first.RootElement.GetProperty("augmentation").GetProperty("total").GetProperty("specaugment").GetInt64() > 0);
            Assert.Equal(2, first.RootElement.GetProperty("augmentation").GetProperty("per_epoch").GetArrayLength());
        }
        Assert.Contains(Path.GetFileName(corrupt), File.ReadAllText(Path.Combine(dir, "report.md")));
        var firstLog = File.ReadAllLines(Path.Combine(dir, "log.txt"));

        // Changing a parameter the model was trained with is refused before anything runs.
        var (refused, _, refusal) = await CliArgumentTests.Run(null, "pneumonia", "--resume", dir, "--epochs", "3", "--lr", "0.5");
        Assert.Equal(ExitCodes.BadArguments, refused);
        Assert.Contains("lr: 0.001 → 0.5", refusal);

        var (resumed, resumedOut, resumedErr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", dir, "--epochs", "3");
        Assert.True(resumed == ExitCodes.Success, $"resume failed ({resumed}):\n{resumedErr}\n{resumedOut}");
        Assert.False(Directory.Exists(Path.Combine(runs, "pneumonia", "default", "002")));
        Assert.Equal(new double[] { 1, 2, 3 }, MetricsCsv.Read(Path.Combine(dir, "metrics.csv")).Select(r => r["epoch"]));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(3, report.RootElement.GetProperty("epochs_run").GetInt32());
        Assert.Equal(2, report.RootElement.GetProperty("resumed_from_epoch").GetInt32());
        Assert.Equal(3, report.RootElement.GetProperty("timing").GetProperty("pipeline").GetProperty("epochs")[0].GetProperty("epoch").GetInt32());
        Assert.Contains("epochs run: 3", File.ReadAllText(Path.Combine(dir, "report.md")));
        var log = File.ReadAllLines(Path.Combine(dir, "log.txt"));
        Assert.Equal(firstLog, log.Take(firstLog.Length));
        Assert.Contains(log.Skip(firstLog.Length), l => l.Contains("resuming after epoch 2"));
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "params.json")));
        Assert.Equal(3, saved.RootElement.GetProperty("parameters").GetProperty("epochs").GetInt32());
    }
}
