using DataflowLung.Pipeline.Tasks;
using System.Diagnostics;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using TorchSharp.Modules;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>Trains a registered model on batches it does not own: Adam with weight decay, the task's class-weighted
/// loss (<see cref="TaskHead"/>: BCE-with-logits, softmax cross-entropy for the cycles tasks; soft labels accepted),
/// reduce-LR-on-plateau and early stopping on the monitored validation metric, best and last checkpoints every epoch,
/// resumable. Cancellation stops after the current batch and leaves the last checkpoint at the last completed epoch
/// (weights, optimizer, step count and plateau state as that epoch ended), so a resume repeats the interrupted epoch
/// exactly as an uninterrupted run would have. The first non-finite loss or gradient stops training at that batch
/// without taking the step: no checkpoint is written for the unfinished epoch, so best and last stay those of the last
/// completed one.</summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="job"/>; <paramref name="progress"/> hears each completed epoch,
    /// <paramref name="runningLoss"/> the current epoch's mean training loss after each step (for progress displays);
    /// <paramref name="stageEpoch"/> stages the job's own files of a completed epoch (its metrics.csv row) into the
    /// epoch's <see cref="EpochCommit"/>, so they and the checkpoints are written as one unit; <paramref name="progress"/>
    /// hears the epoch only once that unit is committed. An epoch that cannot be written ends the run with an error,
    /// the previous epoch's state left as it was.</summary>
    public static Task<Fin<TrainingOutcome>> RunAsync(
        TrainingJob job, BatchSources sources, IProgress<EpochResult>? progress = null, CancellationToken ct = default,
        IProgress<double>? runningLoss = null, Action<EpochResult, EpochCommit>? stageEpoch = null) =>
        Prepare(job).BindAsync(setup => TrainAsync(job, setup, sources, progress, runningLoss, stageEpoch, ct));

    /// <summary>The names <c>--monitor</c> accepts for a task.</summary>
    public static IReadOnlyList<string> MonitorNames(LearningTask task) =>
        WithLoss(task.EpochMetrics([]), null).Keys.ToArray();

    private sealed record Setup(ModelFactory Factory, Device Device, string Monitor, ClassWeightTable Weights);

    /// <summary>What every epoch of one run shares.</summary>
    private sealed record Run(TrainingJob Job, Setup Setup, ModelSummary Summary, nn.Module<Tensor, Tensor> Model, OptimizerHelper Optimizer,
        BatchSources Sources, IProgress<EpochResult>? Progress, IProgress<double>? RunningLoss, Action<EpochResult, EpochCommit>? StageEpoch,
        int FirstEpoch, StepCount Steps, CancellationToken Ct)
    {
        public bool Maximise => Plateau.Maximises(Setup.Monitor);
    }

    /// <summary>Optimizer steps taken, across epochs and resumes (Keras' per-step learning-rate decay counts them);
    /// the one mutable counter of a run, saved with each completed epoch as <see cref="PlateauState.Steps"/>.</summary>
    private sealed class StepCount(long start)
    {
        public long Value { get; private set; } = start;

        public void Advance() => Value++;
    }

    /// <summary>Where a run stands between epochs; <see cref="Stopped"/> once it must not go on.</summary>
    private sealed record Progress(PlateauState Plateau, Seq<EpochResult> Epochs, Option<StopReason> Stopped, Divergence? Divergence = null);

    private enum EpochEnd { Finished, Cancelled, Diverged }

    /// <summary>One pass over the training batches: mean loss, samples, time spent waiting for data, how it ended.</summary>
    private sealed record EpochPass(double Loss, int Samples, double WaitSeconds, EpochEnd End, Divergence? Divergence = null);

    private static async Task<Fin<TrainingOutcome>> TrainAsync(TrainingJob job, Setup setup, BatchSources sources,
        IProgress<EpochResult>? progress, IProgress<double>? runningLoss, Action<EpochResult, EpochCommit>? stageEpoch, CancellationToken ct)
    {
        torch.manual_seed(job.Train.Seed);
        using var model = setup.Factory.Create(job.Shape, job.Train.Seed);
        var summary = ModelInspector.Summarise(setup.Factory.Name, model, job.Shape);
        model.to(setup.Device);
        using var optimizer = AdamOptimizer.Create(model.parameters(), job.Train);
        return await Start(job, model, optimizer, setup.Factory.Name).BindAsync(async start =>
        {
            var run = new Run(job, setup, summary, model, optimizer, sources, progress, runningLoss, stageEpoch, start.FirstEpoch, new StepCount(start.Plateau.Steps), ct);
            return (await EpochsAsync(run, new Progress(start.Plateau, Seq<EpochResult>(), None), start.FirstEpoch)).Map(end =>
                new TrainingOutcome(summary, end.Epochs, end.Plateau.BestEpoch, end.Plateau.Best, end.Stopped.IfNone(StopReason.Completed),
                    job.BestDirectory, job.LastDirectory, end.Divergence));
        });
    }

    /// <summary>Epoch 1 with a fresh plateau state, or (resume) the epoch after the last checkpoint with its state.</summary>
    private static Fin<(int FirstEpoch, PlateauState Plateau)> Start(TrainingJob job, nn.Module model, OptimizerHelper optimizer, string modelName) =>
        job.Resume
            ? Resume(job, model, optimizer, modelName).Map(info =>
            {
                SetLearningRate(optimizer, info.Plateau.LearningRate);
                return (info.Epoch + 1, info.Plateau);
            })
            : FinSucc((1, PlateauState.Start(job.Train.LearningRate)));

    private static Task<Fin<Progress>> EpochsAsync(Run run, Progress progress, int epoch) =>
        progress.Stopped.IsSome || epoch > run.Job.Train.Epochs
            ? Task.FromResult(FinSucc(progress))
            : EpochAsync(run, progress, epoch).BindAsync(next => EpochsAsync(run, next, epoch + 1));

    private static Task<Fin<Progress>> EpochAsync(Run run, Progress progress, int epoch)
    {
        var clock = Stopwatch.StartNew();
        return TrainEpochAsync(run, epoch, progress.Plateau.LearningRate).BindAsync(pass => pass.End switch
        {
            // checkpoints/last keeps the last completed epoch: the weights trained since are half an epoch, and saving
            // them under the previous epoch's number would make a resume differ from a run never stopped.
            EpochEnd.Cancelled => Task.FromResult(FinSucc(progress with { Stopped = StopReason.Cancelled })),
            EpochEnd.Diverged => Task.FromResult(FinSucc(progress with { Stopped = StopReason.Diverged, Divergence = pass.Divergence })),
            _ => Evaluation.RunAsync(run.Model, run.Job.Shape, run.Setup.Device, run.Sources.ValidationBatches(), run.Job.Task, CancellationToken.None)
                .BindAsync(validation => Task.FromResult(Finished(run, progress, epoch, pass, validation, clock.Elapsed.TotalSeconds))),
        });
    }

    /// <summary>A completed epoch: validation metrics, plateau step, the epoch's state (metrics row, best and last
    /// checkpoints) written as one <see cref="EpochCommit"/>, then the epoch's result reported.</summary>
    private static Fin<Progress> Finished(Run run, Progress progress, int epoch, EpochPass pass, Evaluation.Result validation, double seconds)
    {
        var metrics = WithLoss(run.Job.Task.EpochMetrics(validation.Predictions), validation.Loss);
        double? monitored = metrics.TryGetValue(run.Setup.Monitor, out var m) ? m : null;
        double lrThisEpoch = progress.Plateau.LearningRate;
        var step = Plateau.Advance(progress.Plateau with { Steps = run.Steps.Value }, epoch, monitored, run.Maximise, run.Job.Train);
        var plateau = step.State;

        var info = Info(run, epoch, pass.Loss, validation.Loss, metrics, plateau);
        var result = new EpochResult(epoch, pass.Loss, validation.Loss, lrThisEpoch, seconds, pass.WaitSeconds,
            pass.Samples, validation.Predictions.Count, monitored, step.Improved, metrics,
            validation.Predictions.Select(r => (r.Dataset, r.Recording)).Distinct().Count());
        try
        {
            using var unit = new EpochCommit();
            run.StageEpoch?.Invoke(result, unit);
            if (step.Improved || epoch == run.FirstEpoch && plateau.Best is null && !Directory.Exists(run.Job.BestDirectory))
                unit.StageFolder(run.Job.BestDirectory, d => CheckpointStore.Save(d, run.Model, info));
            unit.StageFolder(run.Job.LastDirectory, d => CheckpointStore.Save(d, run.Model, info, run.Optimizer));
            unit.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The exception rides along: the job layer applies its one file-system rule to it (JobStart).
            return Error.New($"epoch {epoch} could not be saved ({e.Message.ReplaceLineEndings(" ")}); the job folder keeps the state of epoch {epoch - 1}", e);
        }
        SetLearningRate(run.Optimizer, plateau.LearningRate);
        run.Progress?.Report(result);
        Option<StopReason> stopped = step.Stop ? StopReason.EarlyStopping : run.Ct.IsCancellationRequested ? StopReason.Cancelled : None;
        return new Progress(plateau, progress.Epochs.Add(result), stopped);
    }

    private static Fin<Setup> Prepare(TrainingJob job)
    {
        var problems = job.Train.Problems();
        if (problems.Count > 0) return Error.New("training parameters: " + string.Join("; ", problems));
        if (job.Shape.Outputs != job.Task.Outputs)
            return Error.New($"task {job.Task.Name} needs {job.Task.Outputs} output(s), the job asks for {job.Shape.Outputs}");
        var names = MonitorNames(job.Task);
        if (!names.Contains(job.Monitor))
            return Error.New($"--monitor '{job.Monitor}' is not a {job.Task.Name} metric (choose from: {string.Join(", ", names)})");
        return from weights in Weights(job)
               from factory in ModelRegistry.Find(job.Train.Model)
               from device in DeviceSelection.Resolve(job.Train.Device)
               select new Setup(factory, device, job.Monitor, weights);
    }

    private static Fin<ClassWeightTable> Weights(TrainingJob job) =>
        !job.Train.ClassWeights ? ClassWeightTable.Uniform(job.Task)
        : job.Weights is { } w && w.Task == job.Task && w.PerClass.Length == job.Task.ClassCount ? w
        : Error.New($"class weights are on but none were given for task {job.Task.Name}: " +
                    "compute them with ClassWeights.Balanced or ClassWeights.FromCounts over the training chunks' labels");

    private static Fin<CheckpointInfo> Resume(TrainingJob job, nn.Module model, OptimizerHelper optimizer, string modelName) =>
        from info in CheckpointStore.ReadInfo(job.LastDirectory).Match(
            FinSucc, e => FinFail<CheckpointInfo>(Error.New($"--resume: no last checkpoint to continue from ({e.Message})")))
        from _ in info.Model == modelName && info.Shape == job.Shape && info.Task == job.Task
            ? FinSucc(unit)
            : FinFail<Unit>(Error.New($"--resume: {job.LastDirectory} holds a {info.Model} {info.Task} model for {info.Mels}×{info.Frames}×{info.Outputs}, " +
                                      $"not {modelName} {job.Task} for {job.Shape.Mels}×{job.Shape.Frames}×{job.Shape.Outputs}"))
        from __ in CheckpointStore.LoadWeights(job.LastDirectory, model)
        from ___ in CheckpointStore.LoadOptimizer(job.LastDirectory, optimizer)
        select info;

    private static async Task<Fin<EpochPass>> TrainEpochAsync(Run run, int epoch, double plateauRate)
    {
        run.Model.train();
        double lossSum = 0, wait = 0;
        int samples = 0, batches = 0;
        var waitClock = new Stopwatch();
        await using var e = run.Sources.TrainBatches(epoch).GetAsyncEnumerator(run.Ct);
        while (true)
        {
            if (run.Ct.IsCancellationRequested) return new EpochPass(Mean(lossSum, samples), samples, wait, EpochEnd.Cancelled);
            waitClock.Restart();
            bool more;
            try { more = await e.MoveNextAsync(); }
            catch (OperationCanceledException) when (run.Ct.IsCancellationRequested)
            {
                return new EpochPass(Mean(lossSum, samples), samples, wait, EpochEnd.Cancelled);
            }
            wait += waitClock.Elapsed.TotalSeconds;
            if (!more) break;
            var batch = e.Current;
            batches++;
            if (BatchTensors.Problem(batch, run.Job.Shape).Case is string problem) return Error.New(problem);

            BeforeStep(run, plateauRate);
            var step = TrainStep.Run(run.Model, run.Optimizer, batch, run.Setup.Weights, run.Job.Train.LabelSmoothing, run.Setup.Device);
            if (step.NonFinite.Case is string what)
                return new EpochPass(Mean(lossSum, samples), samples, wait, EpochEnd.Diverged, Diverged(epoch, batches, what, batch));
            lossSum += step.Loss * batch.Size;
            samples += batch.Size;
            run.RunningLoss?.Report(lossSum / samples);
        }
        return new EpochPass(Mean(lossSum, samples), samples, wait, EpochEnd.Finished);
    }

    /// <summary>Keras' per-step decay of the plateau's learning rate, then one more step counted.</summary>
    private static void BeforeStep(Run run, double plateauRate)
    {
        if (run.Job.Train.LrDecay > 0)
            SetLearningRate(run.Optimizer, LearningRateSchedule.KerasDecay(plateauRate, run.Job.Train.LrDecay, run.Steps.Value));
        run.Steps.Advance();
    }

    private static Divergence Diverged(int epoch, int batchNumber, string what, Batch batch) =>
        new(epoch, batchNumber, what, batch.Recordings.Select(BatchTensors.RecordingKey).Distinct().ToArray(), batch.ChunkNames.ToArray());

    private static double Mean(double sum, int count) => count == 0 ? 0 : sum / count;

    private static void SetLearningRate(OptimizerHelper optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    private static IReadOnlyDictionary<string, double?> WithLoss(IReadOnlyDictionary<string, double?> metrics, double? loss) =>
        new Dictionary<string, double?>(metrics) { ["val_loss"] = loss };

    private static CheckpointInfo Info(Run run, int epoch, double trainLoss, double? validationLoss,
        IReadOnlyDictionary<string, double?> metrics, PlateauState plateau) =>
        new(run.Setup.Factory.Name, run.Job.Task, run.Job.Shape.Mels, run.Job.Shape.Frames, run.Job.Shape.Outputs, run.Job.Features,
            run.Job.Chunks, run.Job.Train, epoch, trainLoss, validationLoss, metrics, run.Summary, plateau, VersionInfo.Current());
}
