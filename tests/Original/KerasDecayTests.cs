using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Model;

namespace DataflowLung.Tests.Original;

/// <summary>Keras' <c>Adam(decay=…)</c> as a per-step learning-rate schedule: the formula, the step count the trainer
/// keeps across epochs and resumes, and that it changes training.</summary>
public sealed class KerasDecayTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dataflowlung-decay-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static readonly TrainParams Quick = new(Model: "tiny", Epochs: 2, BatchSize: 8, LearningRate: 1e-2, Seed: 5,
        EarlyStoppingPatience: 100, LrPatience: 100, Monitor: "val_loss");

    private TrainingJob Job(SyntheticBatches data, TrainParams train, bool resume = false) =>
        new(new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, 1), TaskRegistry.Pneumonia, train, FeatureParams.Default,
            new ChunkParams(), folder, ClassWeights.Balanced(data.Labels.ToArray(), TaskRegistry.Pneumonia).ThrowIfFail(), resume);

    private static BatchSources Sources(SyntheticBatches data) => new(_ => data.Stream(8), () => data.Stream(8));

    [Theory]
    [InlineData(1e-3, 0.0, 0, 1e-3)]          // off
    [InlineData(1e-3, 1e-4, 0, 1e-3)]         // the first step uses lr itself (Keras: iterations = 0)
    [InlineData(1e-3, 1e-4, 10_000, 5e-4)]    // halved after 1/decay steps
    [InlineData(5e-4, 1e-4, 30_000, 1.25e-4)] // on top of a plateau-lowered base rate
    public void Decay_is_lr_over_one_plus_decay_times_the_steps_taken(double lr, double decay, long step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.KerasDecay(lr, decay, step), 12);

    [Fact]
    public async Task The_step_count_runs_across_epochs_and_a_resume_continues_it_exactly()
    {
        var data = new SyntheticBatches(24, 1, seed: 4); // 3 batches of 8 per epoch
        var decayed = Quick with { LrDecay = 0.5, Epochs = 4 };
        var straight = (await Trainer.RunAsync(Job(data, decayed), Sources(data))).ThrowIfFail();
        Assert.Equal(12, CheckpointStore.ReadInfo(straight.LastDirectory).ThrowIfFail().Plateau.Steps);
        var straightLosses = straight.Epochs.Map(e => e.TrainLoss).ToArray();
        Directory.Delete(folder, true);

        var first = (await Trainer.RunAsync(Job(data, decayed with { Epochs = 2 }), Sources(data))).ThrowIfFail();
        Assert.Equal(6, CheckpointStore.ReadInfo(first.LastDirectory).ThrowIfFail().Plateau.Steps);
        var resumed = (await Trainer.RunAsync(Job(data, decayed, resume: true), Sources(data))).ThrowIfFail();
        for (int i = 0; i < 2; i++) Assert.Equal(straightLosses[2 + i], resumed.Epochs[i].TrainLoss, 4);
        Directory.Delete(folder, true);

        // Without the decay (or with the step count restarting at 0) epochs 3–4 train differently.
        var plain = (await Trainer.RunAsync(Job(data, decayed with { LrDecay = 0 }), Sources(data))).ThrowIfFail();
        Assert.NotEqual(straightLosses[3], plain.Epochs[3].TrainLoss, 4);
    }
}
