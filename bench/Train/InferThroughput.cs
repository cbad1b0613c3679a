using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using LanguageExt;
using TorchSharp;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Bench;

/// <summary><c>infer --model NAME --seconds N [--batch 16] [--threads T] [--mels 128] [--frames 313]</c>: validation and
/// predict throughput of a registered model in evaluation mode on random input, three ways whose batches alternate
/// (so a neighbour's load hits all alike): under <c>no_grad</c> (what validation used before), under libtorch's
/// inference mode (what <see cref="Evaluation"/> and <see cref="Predictor"/> use), and inference mode on the
/// BatchNorm-folded copy (what <c>runner predict</c> uses). Each batch is what the predictor does: tensor from the
/// batch, forward, sigmoid, probabilities back to an array. Prints a JSON object as its last line with each way's
/// median seconds per batch, chunks per second and gain over <c>no_grad</c> (from the medians, and the median of the
/// per-round ratios), and the largest probability difference of the folded model.</summary>
public static class InferThroughput
{
    private const int WarmUpBatches = 3;

    private sealed record Way(string Name, nn.Module<Tensor, Tensor> Model, Func<IDisposable> Guard);

    public static int Run(string[] args) => ModelBenchOptions.RunWith("infer", args, Measure);

    private static int Measure(ModelBenchOptions o, ModelFactory factory)
    {
        if (o.Threads > 0) set_num_threads(o.Threads);
        var shape = new ModelShape(o.Mels, o.Frames, 1);
        var batch = o.RandomBatch(new float[o.Batch]);

        using var model = factory.Create(shape, seed: 0);
        model.eval();
        using var folded = BatchNormFolding.Folded(factory, shape, model);
        int norms = model.modules().Count(m => m is TorchSharp.Modules.BatchNorm2d);
        int foldedNorms = folded.modules().Count(m => m is TorchSharp.Modules.BatchNorm2d);
        Way[] ways =
        [
            new("no_grad", model, () => no_grad()),
            new("inference_mode", model, () => inference_mode()),
            new("inference_mode_folded", folded, () => inference_mode()),
        ];
        float[] Probabilities(Way way)
        {
            using var scope = NewDisposeScope();
            using var _ = way.Guard();
            var logits = way.Model.call(BatchTensors.Inputs(batch, CPU));
            return nn.functional.sigmoid(logits).cpu().data<float>().ToArray();
        }

        foreach (var way in ways) for (int i = 0; i < WarmUpBatches; i++) Probabilities(way);
        double largestDifference = Probabilities(ways[1]).Zip(Probabilities(ways[2]), (a, b) => Math.Abs(a - b)).Max();
        var seconds = ways.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        // Round robin, starting from a different way each round.
        for (int round = 0; clock.Elapsed.TotalSeconds < o.Seconds; round++)
            for (int k = 0; k < ways.Length; k++)
            {
                int w = (round + k) % ways.Length;
                var start = clock.Elapsed;
                Probabilities(ways[w]);
                seconds[w].Add((clock.Elapsed - start).TotalSeconds);
            }

        var medians = seconds.Select(StepStatistics.Median).ToArray();
        var result = new Dictionary<string, object>
        {
            ["impl"] = "torchsharp",
            ["model"] = factory.Name,
            ["batch"] = o.Batch,
            ["input"] = $"1x{o.Mels}x{o.Frames}",
            ["threads"] = get_num_threads(),
            ["batches_per_way"] = seconds[0].Count,
            ["batchnorms"] = norms,
            ["batchnorms_folded"] = foldedNorms,
            ["folded_max_abs_probability_difference"] = largestDifference,
        };
        for (int w = 0; w < ways.Length; w++)
        {
            result[$"{ways[w].Name}_batch_s_median"] = Math.Round(medians[w], 4);
            result[$"{ways[w].Name}_chunks_per_s"] = Math.Round(o.Batch / medians[w], 2);
            if (w == 0) continue;
            result[$"{ways[w].Name}_gain_pct"] = Math.Round(100 * (medians[0] / medians[w] - 1), 2);
            // Per round: no_grad's time over this way's in the same round, which shared its load.
            result[$"{ways[w].Name}_paired_gain_pct_median"] =
                Math.Round(100 * (StepStatistics.Median(seconds[0].Zip(seconds[w], (a, b) => a / b).ToArray()) - 1), 2);
        }
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
