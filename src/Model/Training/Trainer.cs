using System.Diagnostics;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Metrics;
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
/// exactly as an uninterrupted run would have.</summary>
public static class Trainer
{
    public static async Task<Fin<TrainingOutcome>> RunAsync(
        TrainingJob job, BatchSources sources, IProgress<EpochResult>? progress = null, CancellationToken ct = default)
    {
        var setup = Prepare(job);
        if (setup.IsFail) return setup.Map(_ => default(TrainingOutcome)!);
        var (factory, device, monitor, weights) = ((ModelFactory, Device, string, ClassWeightTable))setup;

        torch.manual_seed(job.Train.Seed);
        using var model = factory.Create(job.Shape, job.Train.Seed);
        var summary = ModelInspector.Summarise(factory.Name, model, job.Shape);
        model.to(device);
        using var optimizer = AdamOptimizer.Create(model.parameters(), job.Train);

        var plateau = PlateauState.Start(job.Train.LearningRate);
        int firstEpoch = 1;
        if (job.Resume)
        {
            var resumed = Resume(job, model, optimizer, factory.Name);
            if (resumed.IsFail) return resumed.Map(_ => default(TrainingOutcome)!);
            var state = (CheckpointInfo)resumed;
            plateau = state.Plateau;
            firstEpoch = state.Epoch + 1;
            SetLearningRate(optimizer, plateau.LearningRate);
        }

        // Keras' per-step decay: the step count runs across epochs (and resumes) in PlateauState.Steps.
        long steps = plateau.Steps;
        void BeforeStep()
        {
            if (job.Train.LrDecay > 0) SetLearningRate(optimizer, LearningRateSchedule.KerasDecay(plateau.LearningRate, job.Train.LrDecay, steps));
            steps++;
        }

        bool maximise = Plateau.Maximises(monitor);
        var epochs = new List<EpochResult>();
        var reason = StopReason.Completed;
        for (int epoch = firstEpoch; epoch <= job.Train.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var trained = await TrainEpochAsync(job, model, optimizer, device, weights, sources.TrainBatches(epoch), BeforeStep, ct);
            if (trained.IsFail) return trained.Map(_ => default(TrainingOutcome)!);
            var (trainLoss, samples, waitSeconds, cancelled) = ((double, int, double, bool))trained;
            if (cancelled)
            {
                // checkpoints/last keeps the last completed epoch: the weights trained since are half an epoch,
                // and saving them under the previous epoch's number would make a resume differ from a run never stopped.
                reason = StopReason.Cancelled;
                break;
            }

            plateau = plateau with { Steps = steps };
            var evaluated = await Evaluation.RunAsync(model, job.Shape, device, sources.ValidationBatches(), CancellationToken.None, job.Task);
            if (evaluated.IsFail) return evaluated.Map(_ => default(TrainingOutcome)!);
            var validation = (Evaluation.Result)evaluated;
            var report = ValidationReport.Compute(job.Task, validation.Predictions);
            var metrics = WithLoss(report.Flatten(), validation.Loss);
            double? monitored = metrics.TryGetValue(monitor, out var m) ? m : null;
            double lrThisEpoch = plateau.LearningRate;
            var step = Plateau.Advance(plateau, epoch, monitored, maximise, job.Train);
            plateau = step.State;

            var info = Info(job, factory.Name, summary, epoch, trainLoss, validation.Loss, metrics, plateau);
            if (step.Improved || epoch == firstEpoch && plateau.Best is null && !Directory.Exists(job.BestDirectory))
                CheckpointStore.Save(job.BestDirectory, model, info);
            CheckpointStore.Save(job.LastDirectory, model, info, optimizer);
            SetLearningRate(optimizer, plateau.LearningRate);

            var result = new EpochResult(epoch, trainLoss, validation.Loss, lrThisEpoch, clock.Elapsed.TotalSeconds, waitSeconds,
                samples, validation.Predictions.Count, monitored, step.Improved, report, metrics);
            epochs.Add(result);
            progress?.Report(result);
            if (step.Stop) { reason = StopReason.EarlyStopping; break; }
            if (ct.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
        }
        return FinSucc(new TrainingOutcome(summary, toSeq(epochs), plateau.BestEpoch, plateau.Best, reason, job.BestDirectory, job.LastDirectory));
    }

    /// <summary>The names <c>--monitor</c> accepts for a task.</summary>
    public static IReadOnlyList<string> MonitorNames(LearningTask task) =>
        WithLoss(ValidationReport.Compute(task, []).Flatten(), null).Keys.ToArray();

    private static Fin<(ModelFactory, Device, string, ClassWeightTable)> Prepare(TrainingJob job)
    {
        var problems = job.Train.Problems();
        if (problems.Count > 0) return FinFail<(ModelFactory, Device, string, ClassWeightTable)>(Error.New("training parameters: " + string.Join("; ", problems)));
        if (job.Shape.Outputs != job.Task.OutputCount())
            return FinFail<(ModelFactory, Device, string, ClassWeightTable)>(Error.New($"task {job.Task.CliName()} needs {job.Task.OutputCount()} output(s), the job asks for {job.Shape.Outputs}"));
        var names = MonitorNames(job.Task);
        if (!names.Contains(job.Monitor))
            return FinFail<(ModelFactory, Device, string, ClassWeightTable)>(Error.New($"--monitor '{job.Monitor}' is not a {job.Task.CliName()} metric (choose from: {string.Join(", ", names)})"));
        ClassWeightTable weights;
        if (!job.Train.ClassWeights) weights = ClassWeightTable.Uniform(job.Task);
        else if (job.Weights is { } w && w.Task == job.Task && w.PerClass.Length == ClassIndex.Count(job.Task)) weights = w;
        else return FinFail<(ModelFactory, Device, string, ClassWeightTable)>(Error.New(
            $"class weights are on but none were given for task {job.Task.CliName()}: compute them with ClassWeights.Balanced or ClassWeights.FromCounts over the training chunks' labels"));
        return from factory in ModelRegistry.Find(job.Train.Model)
               from device in DeviceSelection.Resolve(job.Train.Device)
               select (factory, device, job.Monitor, weights);
    }

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

    private static async Task<Fin<(double Loss, int Samples, double WaitSeconds, bool Cancelled)>> TrainEpochAsync(
        TrainingJob job, nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, Device device, ClassWeightTable weights,
        IAsyncEnumerable<Batch> batches, Action beforeStep, CancellationToken ct)
    {
        model.train();
        double lossSum = 0, wait = 0;
        int samples = 0;
        var waitClock = new Stopwatch();
        await using var e = batches.GetAsyncEnumerator(ct);
        while (true)
        {
            if (ct.IsCancellationRequested) return (Mean(lossSum, samples), samples, wait, true);
            waitClock.Restart();
            bool more;
            try { more = await e.MoveNextAsync(); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return (Mean(lossSum, samples), samples, wait, true); }
            wait += waitClock.Elapsed.TotalSeconds;
            if (!more) break;
            var batch = e.Current;
            if (BatchTensors.Problem(batch, job.Shape).Case is string problem) return FinFail<(double, int, double, bool)>(Error.New(problem));

            beforeStep();
            lossSum += TrainStep.Run(model, optimizer, batch, weights, job.Train.LabelSmoothing, device) * batch.Size;
            samples += batch.Size;
        }
        return (Mean(lossSum, samples), samples, wait, false);
    }

    private static double Mean(double sum, int count) => count == 0 ? 0 : sum / count;

    private static void SetLearningRate(OptimizerHelper optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    private static IReadOnlyDictionary<string, double?> WithLoss(IReadOnlyDictionary<string, double?> metrics, double? loss) =>
        new Dictionary<string, double?>(metrics) { ["val_loss"] = loss };

    private static CheckpointInfo Info(TrainingJob job, string model, ModelSummary summary, int epoch, double trainLoss,
        double? validationLoss, IReadOnlyDictionary<string, double?> metrics, PlateauState plateau) =>
        new(model, job.Task, job.Shape.Mels, job.Shape.Frames, job.Shape.Outputs, job.Features, job.Chunks, job.Train,
            epoch, trainLoss, validationLoss, metrics, summary, plateau, VersionInfo.Current());
}
