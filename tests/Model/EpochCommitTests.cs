using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Pipeline.IO;
using LanguageExt;

namespace DataflowLung.Tests.Model;

/// <summary>Issue 23: the end of an epoch (metrics.csv row, best and last checkpoints) is one unit. A failure in the
/// middle of writing it, injected by making the last checkpoint's staging folder impossible to create after the metrics
/// row and the best checkpoint were staged, must leave the previous epoch's state whole and resumable; a process
/// stopped between the renames of a commit leaves checkpoint folders that <see cref="CheckpointStore.Recover"/> puts back.</summary>
public sealed class EpochCommitTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dataflowlung-epochcommit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private string Checkpoints => Path.Combine(folder, "checkpoints");
    private string Metrics => Path.Combine(folder, "metrics.csv");

    private TrainingJob Job(SyntheticBatches data, int epochs, bool resume = false) =>
        new(new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, 1), TaskRegistry.Pneumonia,
            new TrainParams(Model: "tiny", Epochs: epochs, BatchSize: 8, LearningRate: 1e-2, Seed: 5, Monitor: "val_loss"),
            FeatureParams.Default, new ChunkParams(), Checkpoints,
            ClassWeights.Balanced(data.Labels.ToArray(), TaskRegistry.Pneumonia).ThrowIfFail(), resume);

    private static BatchSources Sources(SyntheticBatches data) => new(_ => data.Stream(8), () => data.Stream(8));

    /// <summary>Stages each epoch's metrics.csv row as the job does; before epoch <paramref name="failAt"/>'s checkpoints
    /// are staged, a file is put where the last checkpoint's staging folder must go, so staging it fails.</summary>
    private Action<EpochResult, EpochCommit> Stage(MetricsCsv metrics, int failAt) => (e, unit) =>
    {
        metrics.Stage(new EpochMetrics(e.Epoch, e.TrainLoss, e.ValidationLoss, e.LearningRate, e.EpochSeconds, e.WaitForDataSeconds,
            e.TrainSamples, e.Metrics, e.IsBest, null), unit);
        if (e.Epoch == failAt) File.WriteAllText(Path.Combine(Checkpoints, "last" + EpochCommit.NewSuffix), "in the way");
    };

    [Fact]
    public async Task A_write_failure_in_the_middle_of_an_epoch_end_leaves_the_previous_epoch_whole_and_resumable()
    {
        Directory.CreateDirectory(folder);
        var data = new SyntheticBatches(16, 1, seed: 7);
        var heard = new List<int>();
        Fin<TrainingOutcome> failed;
        using (var metrics = new MetricsCsv(Metrics))
            failed = await Trainer.RunAsync(Job(data, epochs: 3), Sources(data), new SyncProgress<EpochResult>(e => heard.Add(e.Epoch)),
                stageEpoch: Stage(metrics, failAt: 2));

        Assert.True(failed.IsFail);
        var message = failed.Match(_ => "", e => e.Message);
        Assert.Contains("epoch 2 could not be saved", message);
        Assert.Contains("keeps the state of epoch 1", message);
        Assert.Equal(new[] { 1 }, heard); // epoch 2 was never reported: nothing of it is on disk
        Assert.Equal(new[] { 1.0 }, MetricsCsv.Read(Metrics).Select(r => r["epoch"]));
        Assert.Null(MetricsCsv.Problem(Metrics, 1));
        foreach (var name in new[] { "best", "last" })
        {
            var dir = Path.Combine(Checkpoints, name);
            Assert.Equal(1, CheckpointStore.ReadInfo(dir).ThrowIfFail().Epoch);
            Assert.True(CheckpointStore.VerifyWeights(dir).IsSucc, $"{name}: weights do not match their checksum");
        }
        Assert.False(Directory.Exists(Path.Combine(Checkpoints, "best" + EpochCommit.NewSuffix)), "best.new left behind");
        Assert.DoesNotContain(Directory.GetFiles(folder).Select(Path.GetFileName), n => AtomicFile.IsTemporary(n!));

        // The folder resumes from epoch 1 as if the failed epoch never ran.
        File.Delete(Path.Combine(Checkpoints, "last" + EpochCommit.NewSuffix));
        Assert.True(CheckpointStore.Recover(Checkpoints).IsSucc);
        using (var metrics = MetricsCsv.Resume(Metrics, 1))
        {
            var resumed = (await Trainer.RunAsync(Job(data, epochs: 3, resume: true), Sources(data), stageEpoch: Stage(metrics, failAt: 0))).ThrowIfFail();
            Assert.Equal(new[] { 2, 3 }, resumed.Epochs.Select(e => e.Epoch));
        }
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, MetricsCsv.Read(Metrics).Select(r => r["epoch"]));
        Assert.Equal(3, CheckpointStore.ReadInfo(Path.Combine(Checkpoints, "last")).ThrowIfFail().Epoch);
    }

    [Fact]
    public async Task Checkpoints_left_between_the_renames_of_a_commit_are_put_back_to_the_previous_epoch()
    {
        Directory.CreateDirectory(folder);
        var data = new SyntheticBatches(16, 1, seed: 8);
        (await Trainer.RunAsync(Job(data, epochs: 1), Sources(data))).ThrowIfFail();
        var last = Path.Combine(Checkpoints, "last");
        var best = Path.Combine(Checkpoints, "best");

        // Killed between `last` → `last.old` and `last.new` → `last`: the previous epoch comes back, the new one goes.
        Directory.Move(last, last + EpochCommit.OldSuffix);
        Directory.CreateDirectory(last + EpochCommit.NewSuffix);
        File.WriteAllText(Path.Combine(last + EpochCommit.NewSuffix, CheckpointStore.ModelFile), "half");
        // Killed after `best` was replaced but before its old copy was removed.
        CopyFolder(best, best + EpochCommit.OldSuffix);
        Assert.False(CheckpointStore.ReadInfo(last).IsSucc);

        Assert.True(CheckpointStore.Recover(Checkpoints).IsSucc);
        Assert.Equal(1, CheckpointStore.ReadInfo(last).ThrowIfFail().Epoch);
        Assert.True(CheckpointStore.VerifyWeights(last).IsSucc);
        Assert.True(CheckpointStore.VerifyWeights(best).IsSucc);
        Assert.Equal(new[] { "best", "last" }, Directory.GetDirectories(Checkpoints).Select(Path.GetFileName).Order());
        Assert.True(CheckpointStore.Recover(Checkpoints).IsSucc); // nothing left to do
    }

    [Fact]
    public void A_failed_unit_removes_what_it_staged_and_replaces_nothing()
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "state.txt");
        var targetFolder = Path.Combine(folder, "state");
        File.WriteAllText(target, "epoch 1");
        Directory.CreateDirectory(targetFolder);
        File.WriteAllText(Path.Combine(targetFolder, "x"), "epoch 1");
        Assert.Throws<IOException>(() =>
        {
            using var unit = new EpochCommit();
            unit.StageFile(target, tmp => File.WriteAllText(tmp, "epoch 2"));
            unit.StageFolder(targetFolder, d => File.WriteAllText(Path.Combine(d, "x"), "epoch 2"));
            unit.StageFile(Path.Combine(folder, "other.txt"), _ => throw new IOException("No space left on device"));
            unit.Commit();
        });
        Assert.Equal("epoch 1", File.ReadAllText(target));
        Assert.Equal("epoch 1", File.ReadAllText(Path.Combine(targetFolder, "x")));
        Assert.Equal(new[] { "state.txt" }, Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(new[] { "state" }, Directory.GetDirectories(folder).Select(Path.GetFileName));

        using (var unit = new EpochCommit())
        {
            unit.StageFile(target, tmp => File.WriteAllText(tmp, "epoch 2"));
            unit.StageFolder(targetFolder, d => File.WriteAllText(Path.Combine(d, "x"), "epoch 2"));
            unit.Commit();
        }
        Assert.Equal("epoch 2", File.ReadAllText(target));
        Assert.Equal("epoch 2", File.ReadAllText(Path.Combine(targetFolder, "x")));
        Assert.Equal(new[] { "state" }, Directory.GetDirectories(folder).Select(Path.GetFileName));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
