using DataflowLung.Pipeline.Tasks;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using TorchSharp;
using static LanguageExt.Prelude;

namespace DataflowLung.Bench;

/// <summary><c>train --model NAME --seconds N [--batch 16] [--threads T] [--mels 128] [--frames 313]</c>: training
/// steps per second of a registered model on random input through the trainer's own step (tensor conversion,
/// class-weighted BCE, backward, Adam with weight decay). Prints a JSON object as its last line, comparable
/// with bench/anchors/pytorch_train.py. Besides the mean rate it reports the median and fastest step and the process
/// CPU seconds per step: on a shared machine a few slow steps (neighbours' load) swamp a mean over a handful of
/// multi-second model9 steps, while the median and the minimum stay comparable between runs.
/// <para>The same process also times the bare libtorch loop (<see cref="BareLoop"/>) on a second copy of the model,
/// its steps alternating with the trainer's, and reports the trainer's overhead over it: the difference of the two
/// medians relative to the bare median, and the median of the paired per-step differences. The time budget covers
/// both loops.</para></summary>
public static class TrainThroughput
{
    private const int WarmUpSteps = 3;

    public static int Run(string[] args) => ModelBenchOptions.RunWith("train", args, Measure);

    private static int Measure(ModelBenchOptions o, ModelFactory factory)
    {
        if (o.Threads > 0) torch.set_num_threads(o.Threads);
        var shape = new ModelShape(o.Mels, o.Frames, 1);
        var labels = Enumerable.Range(0, o.Batch).Select(i => (float)(i % 2)).ToArray();
        var batch = o.RandomBatch(labels);
        // Cannot fail: the weights need one labelled row, and a batch has --batch ≥ 1.
        var weights = ClassWeights.Balanced(Enumerable.Range(0, o.Batch).Select(i => labels.AsSpan(i, 1).ToArray()).ToArray(), TaskRegistry.Pneumonia).ThrowIfFail();

        // Two copies of the same model (same seed), each with its own optimizer: one trained through the trainer's
        // step, one through the bare libtorch loop. Their steps alternate, so a neighbour's load hits both alike.
        using var trainerModel = factory.Create(shape, seed: 0);
        using var bareModel = factory.Create(shape, seed: 0);
        var summary = ModelInspector.Summarise(factory.Name, trainerModel, shape);
        trainerModel.train();
        bareModel.train();
        // The trainer's own Adam (lr 1e-3, weight decay 1e-4, β = (0.9, 0.999), ScalarSafeAdam): TorchSharp's Adam, which
        // the bench used until then, can read a freed implicit scalar when another thread's allocation starts a
        // collection mid-step; one bench run of about 45 on 2026-12-04 died without its result line.
        using var trainerOptimizer = AdamOptimizer.Create(trainerModel.parameters(), new TrainParams());
        using var bareOptimizer = AdamOptimizer.Create(bareModel.parameters(), new TrainParams());
        using var bare = BareLoop.Create(bareModel, bareOptimizer, batch, weights);

        // Both this bench and the PyTorch anchor exclude the same 3 warm-up steps (allocation, oneDNN primitive
        // creation, JIT), then time whole steps until the budget is spent.
        for (int i = 0; i < WarmUpSteps; i++)
        {
            TrainStep.Run(trainerModel, trainerOptimizer, batch, weights, 0, torch.CPU);
            bare.Step();
        }
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var stepSeconds = new List<double>();
        var bareSeconds = new List<double>();
        double loss = 0;
        double Timed(Action step)
        {
            var start = clock.Elapsed;
            step();
            return (clock.Elapsed - start).TotalSeconds;
        }
        void TrainerStep() => loss = TrainStep.Run(trainerModel, trainerOptimizer, batch, weights, 0, torch.CPU).Loss;
        // The order alternates too, so neither loop always runs right after the other.
        for (int round = 0; clock.Elapsed.TotalSeconds < o.Seconds; round++)
        {
            if (round % 2 == 0) { stepSeconds.Add(Timed(TrainerStep)); bareSeconds.Add(Timed(bare.Step)); }
            else { bareSeconds.Add(Timed(bare.Step)); stepSeconds.Add(Timed(TrainerStep)); }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        int steps = stepSeconds.Count;
        double trainerMedian = StepStatistics.Median(stepSeconds);
        double bareMedian = StepStatistics.Median(bareSeconds);
        // What the trainer's step does beyond the bare loop, timed alone on the same batch and model (after the loop,
        // so its gradients are real): the batch's conversion to tensors, and the non-finite guard.
        double convertSeconds = RepeatedMedian(() =>
        {
            using var scope = torch.NewDisposeScope();
            BatchTensors.Inputs(batch, torch.CPU);
            BatchTensors.Labels(batch, torch.CPU);
            BatchTensors.SampleWeights(batch, weights, torch.CPU);
        });
        double guardSeconds = RepeatedMedian(() => TrainStep.FirstNonFinite(loss, trainerModel));
        var pairedDifference = StepStatistics.Median(stepSeconds.Zip(bareSeconds, (t, b) => t - b).ToArray());
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["impl"] = "torchsharp",
            ["model"] = factory.Name,
            ["batch"] = o.Batch,
            ["input"] = $"1x{o.Mels}x{o.Frames}",
            ["threads"] = torch.get_num_threads(),
            ["parameters"] = summary.Parameters,
            ["macs_per_sample"] = summary.FlopsPerSample,
            ["steps"] = steps,
            ["seconds"] = Math.Round(seconds, 3),
            ["last_loss"] = Math.Round(loss, 5),
            ["steps_per_s"] = Math.Round(steps / stepSeconds.Sum(), 4),
            ["step_s_median"] = Math.Round(trainerMedian, 3),
            ["step_s_min"] = Math.Round(stepSeconds.Min(), 3),
            ["cpu_s_per_step"] = Math.Round(cpuSeconds / (2 * steps), 3),
            ["bare_step_s_median"] = Math.Round(bareMedian, 3),
            ["bare_step_s_min"] = Math.Round(bareSeconds.Min(), 3),
            ["overhead_pct"] = Math.Round(100 * (trainerMedian - bareMedian) / bareMedian, 2),
            ["overhead_paired_s_median"] = Math.Round(pairedDifference, 4),
            ["convert_s_median"] = Math.Round(convertSeconds, 5),
            ["guard_s_median"] = Math.Round(guardSeconds, 5),
        }));
        return 0;
    }

    private static double RepeatedMedian(Action action, int repeats = 31)
    {
        var seconds = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return StepStatistics.Median(seconds);
    }
}
