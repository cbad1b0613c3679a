using DataflowLung.Pipeline.Tasks;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Runner;

/// <summary>Nothing lost: the demo never writes into someone's data, one process at a time runs a job folder, and a
/// stopped job (Ctrl+C or SIGTERM) leaves a checkpoint a resume continues exactly.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class JobSafetyTests
{
    [Fact]
    public async Task Demo_refuses_a_corpus_folder_holding_other_files()
    {
        using var tmp = new TempFolder();
        var real = tmp.Combine("real");
        Directory.CreateDirectory(real);
        var diagnosis = Path.Combine(real, "ICBHI_Challenge_diagnosis.txt");
        File.WriteAllText(diagnosis, "101\tURTI\n102\tHealthy\n");

        var (code, _, err) = await CliArgumentTests.Run(null, "demo", "--corpus", real, "--out", tmp.Combine("runs"));

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("is not empty and was not made by `runner demo`", err);
        Assert.Equal("101\tURTI\n102\tHealthy\n", File.ReadAllText(diagnosis));
        Assert.Equal([diagnosis], Directory.GetFileSystemEntries(real));
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    [Fact]
    public void Demo_takes_a_new_or_empty_folder_and_one_it_marked_before()
    {
        using var tmp = new TempFolder();
        var fresh = tmp.Combine("fresh");
        Assert.True(DemoCorpusFolder.Claim(fresh).IsSucc);
        Assert.True(File.Exists(Path.Combine(fresh, DemoCorpusFolder.MarkerFile)));
        File.WriteAllText(Path.Combine(fresh, "ICBHI_Challenge_diagnosis.txt"), "synthetic");
        Assert.True(DemoCorpusFolder.Claim(fresh).IsSucc); // its own earlier corpus
        var empty = tmp.Combine("empty");
        Directory.CreateDirectory(empty);
        Assert.True(DemoCorpusFolder.Claim(empty).IsSucc);
        Assert.True(DemoCorpusFolder.Claim("").IsFail);
    }

    [Fact]
    public void A_locked_job_folder_is_refused_naming_the_process_and_a_stale_lock_is_taken_over()
    {
        using var tmp = new TempFolder();
        var dir = tmp.Path;
        using (var held = (JobLock)JobLock.Acquire(dir))
        {
            var second = JobLock.Acquire(dir);
            Assert.True(second.IsFail);
            Assert.Contains($"in use by process {Environment.ProcessId} on {Environment.MachineName}", second.Match(_ => "", e => e.Message));
            Assert.True(held.TookOverFrom.IsNone);
        }
        // Released: the next run takes it at once.
        using (var next = (JobLock)JobLock.Acquire(dir)) Assert.True(next.TookOverFrom.IsNone);

        // A run killed outright leaves its owner note but no lock (the OS drops a dead process's locks).
        File.WriteAllText(Path.Combine(dir, JobLock.OwnerFile), "process 999999 on some-host, started 2020-01-01T00:00:00Z\n");
        using var taken = (JobLock)JobLock.Acquire(dir);
        Assert.Equal("process 999999 on some-host, started 2020-01-01T00:00:00Z", taken.TookOverFrom.IfNone(""));
    }

    [Fact]
    public async Task A_second_resume_of_a_running_job_is_refused()
    {
        using var tmp = new TempFolder();
        foreach (var d in new[] { "icbhi", "jordan" }) Directory.CreateDirectory(tmp.Combine("data", d));
        var job = tmp.Combine("runs", "pneumonia", "default", "001");
        HostileFiles.UntrainedModel(Path.Combine(job, "checkpoints", "last"));
        var p = JobParameters.Defaults(TaskRegistry.Pneumonia) with
        {
            Train = new DataflowLung.Model.Training.TrainParams(Model: "tiny", Epochs: 1),
            Paths = new JobPaths(tmp.Combine("data"), tmp.Combine("runs"), default),
        };
        File.WriteAllText(Path.Combine(job, "params.json"), ParamsJson.Render(p, DataflowLung.Experiments.Jobs.VersionInfo.Current));

        using var running = (JobLock)JobLock.Acquire(job); // as the first `--resume` holds it while it trains
        var (code, _, err) = await CliArgumentTests.Run(null, "pneumonia", "--resume", job, "--epochs", "3");

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains($"is in use by process {Environment.ProcessId}", err);
        Assert.False(File.Exists(Path.Combine(job, "log.txt")));
    }

    private static (string Corpus, string[] Job) SmallJob(TempFolder tmp)
    {
        var corpus = tmp.Combine("corpus");
        SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 6, JordanPatients: 6, MaxSeconds: 14));
        // Batches of 2: an epoch is dozens of short steps, so a stop lands inside one.
        return (corpus, ["pneumonia", "--data-root", corpus, "--model", "tiny", "--features", "cpu", "--monitor", "val_loss", "--batch-size", "2", "--epochs", "3"]);
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, double>> Metrics(string job) => MetricsCsv.Read(Path.Combine(job, "metrics.csv"));

    /// <summary>Ctrl+C in the middle of epoch 2: checkpoints/last stays at epoch 1, so resuming to epoch 3 gives the
    /// same losses and weights as a run never stopped (before the fix the half-trained weights were saved as epoch 1).</summary>
    [Fact]
    public async Task A_job_stopped_mid_epoch_and_resumed_equals_one_never_stopped()
    {
        using var tmp = new TempFolder();
        var (_, job) = SmallJob(tmp);
        var (refCode, _, refErr) = await CliArgumentTests.Run(null, [.. job, "--out", tmp.Combine("reference")]);
        Assert.True(refCode == ExitCodes.Success, refErr);
        var reference = Path.Combine(tmp.Combine("reference"), "pneumonia", "default", "001");

        // Stop a little into epoch 2's training; should the stop land after that epoch's end on a loaded machine, try
        // again sooner (a stop before its first step would pass without testing anything, never fail wrongly).
        string? dir = null;
        foreach (var (delay, attempt) in new[] { 0.3, 0.1, 0.02 }.Select((d, i) => (d, i)))
        {
            var runs = tmp.Combine($"runs{attempt}");
            var candidate = Path.Combine(runs, "pneumonia", "default", "001");
            using var cts = new CancellationTokenSource();
            var ctx = new CliContext(new StringWriter(), new StringWriter(), Live: false, _ => null);
            var run = Task.Run(() => Cli.RunAsync([.. job, "--out", runs], ctx, cts.Token));
            var metrics = Path.Combine(candidate, "metrics.csv");
            while (!run.IsCompleted && !(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2))
                await Task.Delay(10);
            await Task.Delay(TimeSpan.FromSeconds(delay * Metrics(reference)[1]["seconds"]));
            await cts.CancelAsync();
            var code = await run.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(code == ExitCodes.Cancelled, $"exit {code}");
            if (CheckpointStore.ReadInfo(Path.Combine(candidate, "checkpoints", "last")).Match(i => i.Epoch, _ => -1) == 1)
            {
                dir = candidate;
                break;
            }
        }
        Assert.True(dir is not null, "the stop never landed inside epoch 2");

        var (resumed, _, resumedErr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", dir!, "--epochs", "3");
        Assert.True(resumed == ExitCodes.Success, resumedErr);

        var expected = Metrics(reference);
        var actual = Metrics(dir!);
        Assert.Equal(expected.Select(r => r["epoch"]), actual.Select(r => r["epoch"]));
        foreach (var (e, a) in expected.Zip(actual))
            foreach (var column in new[] { "train_loss", "val_loss" })
                Assert.True(Math.Abs(e[column] - a[column]) <= 1e-6 * Math.Max(1, Math.Abs(e[column])),
                    $"epoch {e["epoch"]} {column}: never stopped {e[column]}, stopped and resumed {a[column]}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "checkpoints", "last", CheckpointStore.ModelFile)),
            File.ReadAllBytes(Path.Combine(dir!, "checkpoints", "last", CheckpointStore.ModelFile)));
    }

    /// <summary>A real child process: SIGTERM stops the job like Ctrl+C, it still writes its report, exit 143.</summary>
    [SkippableFact]
    public async Task Sigterm_stops_a_job_cleanly_with_a_report()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        var runner = Path.Combine(TestData.RepositoryRoot, "src", "Runner", "bin",
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release", "net10.0", "runner.dll");
        Skip.IfNot(File.Exists(runner), $"{runner} not built");
        using var tmp = new TempFolder();
        var (_, job) = SmallJob(tmp);
        var runs = tmp.Combine("runs");
        var dir = Path.Combine(runs, "pneumonia", "default", "001");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Many epochs and no early stopping: the job is still training when the signal comes.
        foreach (var a in new[] { runner }.Concat(job.Select(a => a == "3" ? "500" : a)).Concat(["--out", runs, "--set", "es_patience=1000"])) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!child.HasExited && DateTime.UtcNow < deadline && !(File.Exists(Path.Combine(dir, "metrics.csv")) && File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length >= 2))
            await Task.Delay(100);
        // (Messages must not await the child's output: that waits for the child to end.)
        if (child.HasExited || File.Exists(Path.Combine(dir, "report.json")))
            Assert.Fail($"the job ended before it could be stopped:\n{await stderr}");
        int killed;
        using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
            killed = kill.ExitCode;
        }
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(child.ExitCode == ExitCodes.Terminated, $"exit {child.ExitCode} (kill exit {killed})\n{await stderr}\n{await stdout}");
        Assert.Contains("SIGTERM: stopping after the current step", await stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal("cancelled", report.RootElement.GetProperty("outcome").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "model.pt")));
        Assert.False(File.Exists(Path.Combine(dir, JobLock.OwnerFile))); // released
    }
}
