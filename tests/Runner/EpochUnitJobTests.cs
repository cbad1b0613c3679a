using DataflowLung.Tests.Support;
using System.Text.Json.Nodes;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.IO;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Issue 23, through the CLI: a write failure while a job saves an epoch (injected after epoch 1 by putting a
/// file where epoch 2's last checkpoint must be staged, which works as root too, unlike a read-only folder) ends the job
/// with one line, leaves epoch 1's metrics.csv and checkpoints whole, and `--resume` continues from there to a report.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class EpochUnitJobTests
{
    [Fact]
    public async Task A_failed_epoch_save_leaves_the_previous_epoch_whole_and_the_job_resumes()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 4, JordanPatients: 4, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: 11));
        var runs = tmp.Combine("runs");
        var job = Path.Combine(runs, "pneumonia", "default", "001");
        var obstacle = Path.Combine(job, "checkpoints", "last" + EpochCommit.NewSuffix);
        var stdout = new TriggerWriter("epoch 1/3:", () => File.WriteAllText(obstacle, "in the way"));
        var stderr = new StringWriter();
        var code = await Cli.RunAsync(["pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--epochs", "3",
            "--features", "cpu", "--set", "bootstrap_resamples=100", "--set", "es_patience=10"], stdout, stderr, CancellationToken.None);

        Assert.True(code == ExitCodes.Failed, $"exit {code}, expected the job to fail at epoch 2\n{stderr}\n{stdout}");
        Assert.Contains("epoch 2 could not be saved", stderr.ToString() + stdout);
        Assert.Contains("keeps the state of epoch 1", stderr.ToString() + stdout);
        Assert.DoesNotContain("   at ", stderr.ToString());
        Assert.Equal(new[] { 1.0 }, MetricsCsv.Read(Path.Combine(job, "metrics.csv")).Select(r => r["epoch"]));
        foreach (var name in new[] { "best", "last" })
        {
            var dir = Path.Combine(job, "checkpoints", name);
            Assert.Equal(1, CheckpointStore.ReadInfo(dir).ThrowIfFail().Epoch);
            Assert.True(CheckpointStore.VerifyWeights(dir).IsSucc, $"{name}: weights do not match their checksum");
        }
        Assert.False(Directory.Exists(Path.Combine(job, "checkpoints", "best" + EpochCommit.NewSuffix)));
        Assert.DoesNotContain(Directory.GetFiles(job).Select(Path.GetFileName), n => AtomicFile.IsTemporary(n!));

        // The disk is free again: the job resumes from epoch 1 and finishes with a report of all three epochs.
        File.Delete(obstacle);
        var (rc, ro, re) = await CliArgumentTests.Run(null, "pneumonia", "--resume", job);
        Assert.True(rc == ExitCodes.Success, $"resume failed ({rc}):\n{re}\n{ro}");
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, MetricsCsv.Read(Path.Combine(job, "metrics.csv")).Select(r => r["epoch"]));
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(Path.Combine(job, "report.json")))!["epochs_run"]!.GetValue<int>());
    }
}
