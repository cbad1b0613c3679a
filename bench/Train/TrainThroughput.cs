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
/// multi-second model9 steps, while the median and the minimum stay comparable between runs.</summary>
public static class TrainThroughput
{
    private const int WarmUpSteps = 3;

    private sealed record Options(string Model, double Seconds, int Batch, int Threads, int Mels, int Frames);

    public static int Run(string[] args)
    {
        var parsed = Parse(args.SkipWhile(a => a == "train").ToArray());
        return parsed.Match(Measure, e =>
        {
            Console.Error.WriteLine($"train: {e.Message}");
            Console.Error.WriteLine("usage: bench train --model NAME --seconds N [--batch 16] [--threads T] [--mels 128] [--frames 313]");
            return 2;
        });
    }

    private static int Measure(Options o)
    {
        if (o.Threads > 0) torch.set_num_threads(o.Threads);
        var factory = ModelRegistry.Find(o.Model).ThrowIfFail();
        var shape = new ModelShape(o.Mels, o.Frames, 1);
        using var model = factory.Create(shape, seed: 0);
        var summary = ModelInspector.Summarise(factory.Name, model, shape);
        model.train();
        using var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 1e-4);
        var rng = new Random(0);
        var inputs = new float[o.Batch * o.Mels * o.Frames];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(rng.NextDouble() * 2 - 1);
        var labels = Enumerable.Range(0, o.Batch).Select(i => (float)(i % 2)).ToArray();
        var recording = new RecordingRef("bench", "", "bench", "bench", new RecordingLabels(0), None);
        var batch = new Batch(inputs, o.Batch, o.Mels, o.Frames, labels, 1,
            Enumerable.Range(0, o.Batch).Select(i => $"bench_{i}").ToArray(), Enumerable.Repeat(recording, o.Batch).ToArray());
        var weights = ClassWeights.Balanced(Enumerable.Range(0, o.Batch).Select(i => labels.AsSpan(i, 1).ToArray()).ToArray(), LearningTask.Pneumonia).ThrowIfFail();

        // Both this bench and the PyTorch anchor exclude the same 3 warm-up steps (allocation, oneDNN primitive
        // creation, JIT), then time whole steps until the budget is spent.
        for (int i = 0; i < WarmUpSteps; i++) TrainStep.Run(model, optimizer, batch, weights, 0, torch.CPU);
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var stepSeconds = new List<double>();
        double loss = 0;
        while (clock.Elapsed.TotalSeconds < o.Seconds)
        {
            var stepStart = clock.Elapsed;
            loss = TrainStep.Run(model, optimizer, batch, weights, 0, torch.CPU).Loss;
            stepSeconds.Add((clock.Elapsed - stepStart).TotalSeconds);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        int steps = stepSeconds.Count;
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
            ["steps_per_s"] = Math.Round(steps / seconds, 4),
            ["step_s_median"] = Math.Round(StepStatistics.Median(stepSeconds), 3),
            ["step_s_min"] = Math.Round(stepSeconds.Min(), 3),
            ["cpu_s_per_step"] = Math.Round(cpuSeconds / steps, 3),
        }));
        return 0;
    }

    private static Fin<Options> Parse(string[] args)
    {
        var o = new Options("mixednet", 20, 16, 0, 128, 313);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length) return FinFail<Options>(LanguageExt.Common.Error.New($"{name} needs a value"));
            string value = args[++i];
            bool isInt = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0;
            switch (name)
            {
                case "--model": o = o with { Model = value }; break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0:
                    o = o with { Seconds = s }; break;
                case "--batch" when isInt: o = o with { Batch = n }; break;
                case "--threads" when isInt: o = o with { Threads = n }; break;
                case "--mels" when isInt: o = o with { Mels = n }; break;
                case "--frames" when isInt: o = o with { Frames = n }; break;
                default: return FinFail<Options>(LanguageExt.Common.Error.New($"bad option {name} {value}"));
            }
        }
        return ModelRegistry.Find(o.Model).Map(_ => o);
    }
}
