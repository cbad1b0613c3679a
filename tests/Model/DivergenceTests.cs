using DataflowLung.Pipeline.Tasks;
using System.Runtime.CompilerServices;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary>The guard: the first non-finite loss or gradient stops training at that batch without taking the step,
/// names the epoch, batch and recordings, and leaves the checkpoints of the last completed epoch in place.</summary>
public sealed class DivergenceTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dataflowlung-divergence-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_non_finite_loss_stops_training_at_that_batch_and_keeps_the_last_completed_epochs_checkpoints()
    {
        var data = new SyntheticBatches(32, 1, seed: 4);
        var train = new TrainParams(Model: "tiny", Epochs: 3, BatchSize: 8, LearningRate: 1e-2, Seed: 5);
        var job = new TrainingJob(new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, 1), TaskRegistry.Pneumonia, train,
            FeatureParams.Default, new ChunkParams(), folder, ClassWeights.Balanced(data.Labels.ToArray(), TaskRegistry.Pneumonia).ThrowIfFail());
        // Epoch 2's third batch carries one NaN sample, as a corrupt recording would.
        var sources = new BatchSources(epoch => Poisoned(data.Stream(8), epoch == 2 ? 3 : -1), () => data.Stream(8));

        var outcome = (await Trainer.RunAsync(job, sources)).ThrowIfFail();

        Assert.Equal(StopReason.Diverged, outcome.Reason);
        var d = outcome.Divergence!;
        Assert.Equal((2, 3), (d.Epoch, d.Batch));
        Assert.Equal("the loss is NaN", d.What);
        Assert.Equal(Enumerable.Range(16, 8).Select(i => $"synthetic:r{i}"), d.Recordings);
        Assert.Equal(Enumerable.Range(16, 8).Select(i => $"r{i}_0"), d.Chunks);
        Assert.Contains("epoch 2, batch 3", d.Describe());
        Assert.Single(outcome.Epochs);

        foreach (var dir in new[] { job.LastDirectory, job.BestDirectory })
        {
            Assert.Equal(1, CheckpointStore.ReadInfo(dir).ThrowIfFail().Epoch);
            using var saved = ModelRegistry.Find("tiny").ThrowIfFail().Create(job.Shape, seed: 1);
            CheckpointStore.LoadWeights(dir, saved).ThrowIfFail();
            Assert.All(saved.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
        }
    }

    [Fact]
    public void A_step_with_a_non_finite_loss_is_refused_and_leaves_the_weights_untouched()
    {
        var batch = new SyntheticBatches(8, 1, seed: 2).Batches(8).Single();
        batch.Inputs[5] = float.PositiveInfinity;
        var shape = new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, 1);
        using var model = ModelRegistry.Find("tiny").ThrowIfFail().Create(shape, seed: 3);
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();

        var step = TrainStep.Run(model, optimizer, batch, ClassWeightTable.Uniform(TaskRegistry.Pneumonia), 0, CPU);

        Assert.False(double.IsFinite(step.Loss));
        Assert.StartsWith("the loss is", step.NonFinite.IfNone(""));
        Assert.All(model.parameters().Zip(before), p => Assert.True(p.Item1.eq(p.Item2).all().item<bool>()));
    }

    [Fact]
    public void A_non_finite_gradient_under_a_finite_loss_is_named_by_its_parameter()
    {
        var shape = new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, 1);
        using var model = ModelRegistry.Find("tiny").ThrowIfFail().Create(shape, seed: 3);
        using var x = randn(2, 1, SyntheticBatches.Mels, SyntheticBatches.Frames);
        model.call(x).sum().backward();
        Assert.True(TrainStep.FirstNonFinite(0.5, model).IsNone);

        var (name, parameter) = model.named_parameters().Skip(2).First();
        using (no_grad()) parameter.grad![0] = float.NaN;
        Assert.Equal($"the gradient of {name} is not finite", TrainStep.FirstNonFinite(0.5, model).IfNone(""));
    }

    private static async IAsyncEnumerable<Batch> Poisoned(IAsyncEnumerable<Batch> batches, int poisonedBatch, [EnumeratorCancellation] CancellationToken ct = default)
    {
        int n = 0;
        await foreach (var b in batches.WithCancellation(ct))
        {
            if (++n == poisonedBatch)
            {
                var inputs = (float[])b.Inputs.Clone();
                inputs[^1] = float.NaN;
                yield return b with { Inputs = inputs };
            }
            else yield return b;
        }
    }
}
