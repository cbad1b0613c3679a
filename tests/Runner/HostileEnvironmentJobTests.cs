using System.Text.Json;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Runner;

/// <summary>Hostile environments around whole jobs (issue 23): a full disk, a foreign optimizer state, a closed stdout
/// under predict, and SIGTERM in the scan and report phases (the training phase: <see cref="JobSafetyTests"/>). Every
/// case ends in one line, the right exit code and a job folder that is either gone or resumable.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class HostileEnvironmentJobTests
{
    static void NoTrace(string text) => Assert.DoesNotContain("   at ", text);

    static string SmallCorpus(TempFolder tmp, int patients = 4, int maxSeconds = 11)
    {
        var corpus = tmp.Combine("corpus");
        SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: patients, JordanPatients: patients, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: maxSeconds));
        return corpus;
    }

    static string[] Job(string corpus, string runs, int epochs) =>
        ["pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--epochs", $"{epochs}", "--features", "cpu", "--no-cache",
         "--set", "bootstrap_resamples=100"];

    /// <summary>A full file system: a new job that has trained nothing leaves no folder; one that has a checkpoint keeps
    /// its folder, and a resume after space is freed finishes it.</summary>
    [SkippableFact]
    public async Task A_full_disk_is_one_line_and_leaves_no_folder_or_a_resumable_one()
    {
        using var tmp = new TempFolder();
        using var disk = TmpfsMount.TryMount(tmp.Combine("disk"), "size=16k", out var why);
        Skip.If(disk is null, why);
        var corpus = SmallCorpus(tmp);
        var runs = Path.Combine(disk!.Path, "runs");
        var dir = Path.Combine(runs, "pneumonia", "default", "001");

        var (code, _, err) = await CliArgumentTests.Run(null, Job(corpus, runs, 1));
        Assert.True(code == ExitCodes.Failed, $"exit {code}: {err}");
        Assert.Contains("file-system error", err);
        Assert.Contains("is removed", err);
        NoTrace(err);
        Assert.False(Directory.Exists(dir));

        // Room for a job, then the disk fills once its first checkpoint is written. Ten epochs, every one run: the window
        // between the first checkpoint and the job's end must outlast this loop's polling on a busy machine (with three,
        // a parallel test run once saw the job finish before the poll saw its first checkpoint).
        disk.Remount("size=64m");
        var ctx = new CliContext(new StringWriter(), new StringWriter(), Live: false, _ => null);
        var run = Task.Run(() => Cli.RunAsync([.. Job(corpus, runs, 10), "--set", "es_patience=1000"], ctx, CancellationToken.None));
        var last = Path.Combine(dir, "checkpoints", "last", CheckpointStore.InfoFile);
        while (!run.IsCompleted && !File.Exists(last)) await Task.Delay(20);
        Assert.False(run.IsCompleted, $"the job ended before its first checkpoint: {ctx.Error}");
        var filler = disk.Fill();
        code = await run.WaitAsync(TimeSpan.FromMinutes(5));
        err = ctx.Error.ToString()!;
        Assert.True(code == ExitCodes.Failed, $"exit {code}: {err}");
        Assert.Contains("file-system error", err);
        Assert.Contains("keeps the checkpoint of epoch", err);
        Assert.Contains("--resume", err);
        NoTrace(err);
        Assert.True(CheckpointStore.ReadInfo(Path.GetDirectoryName(last)!).IsSucc);
        Assert.True(CheckpointStore.VerifyWeights(Path.GetDirectoryName(last)!).IsSucc);

        File.Delete(filler);
        var (resumed, _, resumedErr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", dir);
        Assert.True(resumed == ExitCodes.Success, resumedErr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(10, report.RootElement.GetProperty("epochs_run").GetInt32());
    }

    /// <summary>A foreign optimizer.pt (the weights copied over it, random bytes) is refused by the resume's state-file
    /// check, naming the file, before any data is scanned; predict's closed stdout is one line.</summary>
    [SkippableFact]
    public async Task A_foreign_optimizer_state_is_refused_before_training_and_predict_survives_a_closed_stdout()
    {
        using var tmp = new TempFolder();
        var trained = await SmallTrainedJob.TrainAsync(tmp, bootstrapResamples: 100);
        var last = Path.Combine(trained.Job, "checkpoints", "last");
        var optimizer = Path.Combine(last, CheckpointStore.OptimizerFile);
        Assert.True(File.Exists(optimizer));
        var original = File.ReadAllBytes(optimizer);
        foreach (var foreign in new[] { File.ReadAllBytes(Path.Combine(last, CheckpointStore.ModelFile)), new Random(7).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 4096) })
        {
            File.WriteAllBytes(optimizer, foreign);
            var (code, stdout, err) = await CliArgumentTests.Run(null, "pneumonia", "--resume", trained.Job, "--epochs", "2");
            Assert.True(code == ExitCodes.BadArguments, $"exit {code}: {err}");
            Assert.Contains(optimizer, err);
            Assert.Contains("does not match", err);
            NoTrace(err);
            Assert.DoesNotContain("split:", stdout + err); // refused before the data is scanned
            Assert.Single(CheckpointStore.ReadInfo(last).Map(i => i.Epoch).ToSeq(), 1);
        }
        File.WriteAllBytes(optimizer, original);

        if (OperatingSystem.IsLinux() && File.Exists(RunnerProcess.Dll))
        {
            var wav = Directory.EnumerateFiles(trained.CorpusFolder, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
            foreach (var redirect in new[] { ">&-", "> /dev/full" })
            {
                var (code, err) = await RunnerProcess.WithStdout(redirect, "predict", wav, "--model", trained.Job, "--format", "csv");
                Assert.True(code == ExitCodes.Failed, $"{redirect}: exit {code}: {err}");
                Assert.Contains("cannot write to standard output", err);
                NoTrace(err);
            }
        }
    }

    /// <summary>SIGTERM as soon as the job has logged its parameters (the data scan comes next): the job stops before
    /// its first epoch, exits 143, releases its lock and leaves a report saying it was cancelled.</summary>
    [SkippableFact]
    public async Task Sigterm_during_the_scan_stops_with_a_cancelled_report()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        Skip.IfNot(File.Exists(RunnerProcess.Dll), $"{RunnerProcess.Dll} not built");
        using var tmp = new TempFolder();
        var corpus = SmallCorpus(tmp);
        var runs = tmp.Combine("runs");
        var dir = Path.Combine(runs, "pneumonia", "default", "001");
        var (code, stdout, err, signalled) = await RunnerProcess.TerminateAt("parameters:", [.. Job(corpus, runs, 50), "--set", "es_patience=1000"]);
        Assert.True(signalled, $"the job ended before the signal:\n{err}\n{stdout}");
        Assert.True(code == ExitCodes.Terminated, $"exit {code}\n{err}\n{stdout}");
        NoTrace(err);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal("cancelled", report.RootElement.GetProperty("outcome").GetString());
        Assert.InRange(report.RootElement.GetProperty("epochs_run").GetInt32(), 0, 49);
        Assert.False(File.Exists(Path.Combine(dir, JobLock.OwnerFile)));
    }

    /// <summary>SIGTERM while the best model is evaluated after training: the evaluation is abandoned at once (it may
    /// outlast the signal's grace period), exit 143, the checkpoints stay whole, and a resume writes the report.</summary>
    [SkippableFact]
    public async Task Sigterm_during_the_final_evaluation_stops_at_once_and_resume_writes_the_report()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        Skip.IfNot(File.Exists(RunnerProcess.Dll), $"{RunnerProcess.Dll} not built");
        using var tmp = new TempFolder();
        // Enough validation recordings that their evaluation (with Grad-CAM) lasts longer than the signal takes to land.
        var corpus = SmallCorpus(tmp, patients: 10, maxSeconds: 14);
        var runs = tmp.Combine("runs");
        var dir = Path.Combine(runs, "pneumonia", "default", "001");
        var started = DateTime.UtcNow;
        var (code, stdout, err, signalled) = await RunnerProcess.TerminateAt("training completed", [.. Job(corpus, runs, 1), "--set", "validation_batch_size=1"]);
        Assert.True(signalled, $"the job ended before the signal:\n{err}\n{stdout}");
        Assert.True(code == ExitCodes.Terminated, $"exit {code}\n{err}\n{stdout}");
        NoTrace(err);
        Assert.Contains("stopped while evaluating the best model", stdout);
        Assert.DoesNotContain("not stopped within", err); // stopped by the job, not by the grace period's exit
        Assert.False(File.Exists(Path.Combine(dir, "report.json")));
        Assert.False(File.Exists(Path.Combine(dir, JobLock.OwnerFile)));
        Assert.True(CheckpointStore.VerifyWeights(Path.Combine(dir, "checkpoints", "last")).IsSucc);

        var (resumed, _, resumedErr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", dir);
        Assert.True(resumed == ExitCodes.Success, resumedErr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(1, report.RootElement.GetProperty("epochs_run").GetInt32());
    }
}
