using DataflowLung.Tests.Support;
using System.Text.Json;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Ctrl+C (the entry point's cancellation token) stops a job cleanly: it still evaluates the best
/// epoch so far and writes its report, and exits with the SIGINT code.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class CancellationTests
{
    [Fact]
    public async Task A_cancelled_job_still_writes_what_it_has()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 8, JordanPatients: 8, MaxSeconds: 12));
        var runs = tmp.Combine("runs");
        var metrics = Path.Combine(runs, "pneumonia", "default", "001", "metrics.csv");
        using var cts = new CancellationTokenSource();
        var ctx = new CliContext(new StringWriter(), new StringWriter(), Live: false, _ => null);
        // As Program.Main runs it: on the thread pool, no synchronisation context.
        var job = Task.Run(() => Cli.RunAsync(["pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--epochs", "200", "--features", "cpu"], ctx, cts.Token));
        // Cancel once the first epoch is recorded.
        while (!job.IsCompleted && !(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2))
            await Task.Delay(100);
        await cts.CancelAsync();
        var code = await job.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(ExitCodes.Cancelled, code);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "pneumonia", "default", "001", "report.json")));
        Assert.Equal("cancelled", report.RootElement.GetProperty("outcome").GetString());
        Assert.InRange(report.RootElement.GetProperty("epochs_run").GetInt32(), 1, 199);
        Assert.True(File.Exists(Path.Combine(runs, "pneumonia", "default", "001", "model.pt")));
    }
}
