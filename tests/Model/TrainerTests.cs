using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using TorchSharp;

namespace DataflowLung.Tests.Model;

public sealed class TrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dataflowlung-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private TrainingJob Job(SyntheticBatches data, TrainParams train, bool resume = false) =>
        new(new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, data.Outputs),
            data.Outputs == 1 ? TaskRegistry.Pneumonia : TaskRegistry.CracklesWheezes,
            train, FeatureParams.Default, new ChunkParams(), folder,
            ClassWeights.Balanced(data.Labels.ToArray(), data.Outputs == 1 ? TaskRegistry.Pneumonia : TaskRegistry.CracklesWheezes).ThrowIfFail(), resume);

    private static BatchSources Sources(SyntheticBatches data, int batchSize = 8, TimeSpan delay = default) =>
        new(_ => data.Stream(batchSize, delay), () => data.Stream(batchSize));

    private static readonly TrainParams Quick = new(Model: "tiny", Epochs: 2, BatchSize: 8, LearningRate: 1e-2, Seed: 5);

    [Fact]
    public async Task Tiny_model_overfits_a_small_synthetic_set_to_near_zero_loss()
    {
        var data = new SyntheticBatches(32, 1, seed: 1);
        var train = Quick with { Epochs = 40, Monitor = "val_loss", EarlyStoppingPatience = 100, LrPatience = 100 };
        var outcome = (await Trainer.RunAsync(Job(data, train), Sources(data))).ThrowIfFail();
        var first = outcome.Epochs.Head;
        var last = outcome.Epochs.Last;
        Assert.Equal(40, outcome.Epochs.Count);
        Assert.True(last.TrainLoss < 0.05, $"train loss {first.TrainLoss:F3} → {last.TrainLoss:F3}");
        Assert.True(last.ValidationLoss < 0.05, $"validation loss {last.ValidationLoss:F3}");
        Assert.Equal(1.0, last.Metrics["chunk_accuracy"]);
        Assert.Equal(1.0, last.Metrics["patient_auc"]);
        Assert.Equal(32, last.TrainSamples);
    }

    [Fact]
    public async Task Crackles_wheezes_training_reports_the_icbhi_score_and_monitors_it_by_default()
    {
        var data = new SyntheticBatches(16, 2, seed: 2);
        var outcome = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 3 }), Sources(data))).ThrowIfFail();
        Assert.All(outcome.Epochs, e => Assert.Equal(e.Metrics["icbhi_score"], e.Monitor));
        Assert.True(outcome.Epochs.Last.Metrics.ContainsKey("wheezes_auc"));
    }

    [Fact]
    public async Task The_running_loss_is_reported_after_every_step_and_ends_at_the_epochs_train_loss()
    {
        var data = new SyntheticBatches(16, 1, seed: 4);
        var running = new List<double>();
        var outcome = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 2 }), Sources(data), null, default,
            new DataflowLung.Experiments.Jobs.SyncProgress<double>(running.Add))).ThrowIfFail();
        int stepsPerEpoch = data.Stream(8).ToBlockingEnumerable().Count();
        Assert.Equal(2 * stepsPerEpoch, running.Count);
        Assert.All(running, l => Assert.True(double.IsFinite(l)));
        Assert.Equal(outcome.Epochs[0].TrainLoss, running[stepsPerEpoch - 1], 6);
        Assert.Equal(outcome.Epochs[1].TrainLoss, running[^1], 6);
    }

    [Fact]
    public async Task A_saved_checkpoint_loads_into_a_predictor_that_gives_identical_predictions()
    {
        var data = new SyntheticBatches(16, 1, seed: 3);
        var outcome = (await Trainer.RunAsync(Job(data, Quick), Sources(data))).ThrowIfFail();

        using var predictor = Predictor.Load(outcome.LastDirectory).ThrowIfFail();
        Assert.Equal("tiny", predictor.Info.Model);
        Assert.Equal(2, predictor.Info.Epoch);
        Assert.Equal(outcome.Summary, predictor.Info.Summary);
        var batch = data.Batches(16).Single();
        var first = predictor.Probabilities(batch).ThrowIfFail();

        using var model = ModelRegistry.Find("tiny").ThrowIfFail().Create(predictor.Info.Shape, seed: 99);
        CheckpointStore.LoadWeights(outcome.LastDirectory, model).ThrowIfFail();
        var evaluated = (await Evaluation.RunAsync(model, predictor.Info.Shape, torch.CPU, data.Stream(16), TaskRegistry.Pneumonia, default)).ThrowIfFail();
        Assert.Equal(first, evaluated.Predictions.SelectMany(p => p.Probabilities).Select(v => (float)v).ToArray());
        Assert.Equal(predictor.Info.ValidationLoss!.Value, evaluated.Loss!.Value, 6);
        // Predictions are not trivially constant.
        Assert.True(first.Max() - first.Min() > 1e-3);
    }

    [Fact]
    public async Task Resume_continues_from_the_last_checkpoint_with_the_same_result_as_an_uninterrupted_run()
    {
        var data = new SyntheticBatches(16, 1, seed: 4);
        var straight = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 4 }), Sources(data))).ThrowIfFail();
        var straightLosses = straight.Epochs.Map(e => e.TrainLoss).ToArray();
        Directory.Delete(folder, true);

        (await Trainer.RunAsync(Job(data, Quick with { Epochs = 2 }), Sources(data))).ThrowIfFail();
        var resumed = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 4 }, resume: true), Sources(data))).ThrowIfFail();
        Assert.Equal([3, 4], resumed.Epochs.Map(e => e.Epoch).ToArray());
        // Model weights, Adam moments and the LR all carried over: epochs 3–4 match the uninterrupted run.
        for (int i = 0; i < 2; i++) Assert.Equal(straightLosses[2 + i], resumed.Epochs[i].TrainLoss, 4);
    }

    [Fact]
    public async Task Resume_without_a_checkpoint_fails_clearly()
    {
        var data = new SyntheticBatches(8, 1, seed: 5);
        var result = await Trainer.RunAsync(Job(data, Quick, resume: true), Sources(data));
        Assert.True(result.IsFail);
        result.IfFail(e => Assert.Contains("--resume", e.Message));
    }

    [Fact]
    public async Task Cancellation_stops_after_the_current_batch_and_keeps_the_last_completed_checkpoint()
    {
        var data = new SyntheticBatches(32, 1, seed: 6);
        using var cts = new CancellationTokenSource();
        int served = 0;
        async IAsyncEnumerable<Batch> CancelAfterOne(int epoch)
        {
            foreach (var b in data.Batches(8))
            {
                await Task.Yield();
                if (++served == 2) cts.Cancel();
                yield return b;
            }
        }
        var outcome = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 5 }), new BatchSources(CancelAfterOne, () => data.Stream(8)), null, cts.Token)).ThrowIfFail();
        Assert.Equal(StopReason.Cancelled, outcome.Reason);
        Assert.Empty(outcome.Epochs);
        Assert.Equal(2, served);
        // No epoch completed, so there is no last checkpoint: half-trained weights are never saved as one.
        Assert.True(CheckpointStore.ReadInfo(outcome.LastDirectory).IsFail);
    }

    [Fact]
    public async Task Time_waiting_for_batches_is_measured()
    {
        var data = new SyntheticBatches(16, 1, seed: 7);
        var outcome = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 1 }), Sources(data, 4, TimeSpan.FromMilliseconds(60)))).ThrowIfFail();
        var epoch = outcome.Epochs.Single();
        Assert.True(epoch.WaitForDataSeconds >= 4 * 0.05, $"waited {epoch.WaitForDataSeconds:F3} s for 4 delayed batches");
        Assert.True(epoch.WaitForDataSeconds <= epoch.EpochSeconds);
    }

    [Fact]
    public async Task Bad_jobs_fail_with_a_clear_message()
    {
        var data = new SyntheticBatches(8, 1, seed: 8);
        async Task<string> Error(TrainingJob job, BatchSources? sources = null) =>
            (await Trainer.RunAsync(job, sources ?? Sources(data))).Match(_ => "no error", e => e.Message);

        Assert.Contains("--monitor 'f2'", await Error(Job(data, Quick with { Monitor = "f2" })));
        Assert.Contains("unknown model 'vgg'", await Error(Job(data, Quick with { Model = "vgg" })));
        Assert.Contains("class weights are on", await Error(Job(data, Quick) with { Weights = null }));
        Assert.Contains("epochs must be positive", await Error(Job(data, Quick with { Epochs = 0 })));
        var wrongShape = Job(data, Quick) with { Shape = new ModelShape(64, 40, 1) };
        Assert.Contains("but the model expects 64×40", await Error(wrongShape));
        if (!torch.cuda.is_available())
            Assert.Contains("no CUDA backend", await Error(Job(data, Quick with { Device = "cuda" })));
    }

    [Fact]
    public async Task Undefined_metrics_are_null_in_the_sidecar_and_a_broken_sidecar_is_reported_by_path()
    {
        var data = new SyntheticBatches(8, 1, seed: 9);
        var negatives = new SyntheticBatches(8, 1, seed: 9);
        var onlyNegatives = new BatchSources(_ => data.Stream(8), () => OnlyNegatives(negatives));
        var outcome = (await Trainer.RunAsync(Job(data, Quick with { Epochs = 1 }), onlyNegatives)).ThrowIfFail();
        Assert.Null(outcome.Epochs.Single().Metrics["patient_auc"]);
        string json = File.ReadAllText(Path.Combine(outcome.LastDirectory, CheckpointStore.InfoFile));
        Assert.Contains("\"patient_auc\": null", json);
        Assert.Contains("\"model\": \"tiny\"", json);
        Assert.DoesNotContain("NaN", json);
        var info = CheckpointStore.ReadInfo(outcome.LastDirectory).ThrowIfFail();
        Assert.Equal(FeatureParams.Default, info.Features);
        Assert.Equal(Quick with { Epochs = 1 }, info.Train);

        File.WriteAllText(Path.Combine(outcome.LastDirectory, CheckpointStore.InfoFile), "{ not json");
        var broken = CheckpointStore.ReadInfo(outcome.LastDirectory);
        broken.IfFail(e => Assert.Contains(Path.Combine(outcome.LastDirectory, CheckpointStore.InfoFile), e.Message));
        Assert.True(broken.IsFail);
    }

    private static async IAsyncEnumerable<Batch> OnlyNegatives(SyntheticBatches data)
    {
        await Task.Yield();
        foreach (var b in data.Batches(8))
        {
            var keep = Enumerable.Range(0, b.Size).Where(i => b.Labels[i] == 0f).ToArray();
            yield return b with
            {
                Inputs = keep.SelectMany(i => b.Inputs.AsSpan(i * b.Mels * b.Frames, b.Mels * b.Frames).ToArray()).ToArray(),
                Size = keep.Length,
                Labels = keep.Select(i => b.Labels[i]).ToArray(),
                ChunkNames = keep.Select(i => b.ChunkNames[i]).ToArray(),
                Recordings = keep.Select(i => b.Recordings[i]).ToArray(),
            };
        }
    }
}
