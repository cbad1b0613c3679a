using System.Globalization;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Bench;

/// <summary>The options of the model benches (<c>train</c>, <c>infer</c>, <c>profile</c>): <c>--model NAME --seconds N
/// [--batch 16] [--threads T] [--mels 128] [--frames 313] [--depthwise libtorch|simd|avx512|avx2|scalar]</c>.
/// <c>--depthwise</c> picks what computes a training step's mixed depthwise convolution (<see cref="DepthwiseSimd"/>) and
/// mixednet's first convolution + ReLU (<see cref="SingleChannelConvRelu"/>): libtorch's convolutions, the custom kernels
/// on the CPU's best path (simd; without the switch too, as the product), or one kernel path, so A/B runs come from one
/// build.</summary>
public sealed record ModelBenchOptions(string Model, double Seconds, int Batch, int Threads, int Mels, int Frames,
    DepthwiseSimdPath? Depthwise = null)
{
    public const string Usage = "--model NAME --seconds N [--batch 16] [--threads T] [--mels 128] [--frames 313] " +
                                "[--depthwise libtorch|simd|avx512|avx2|scalar]";

    /// <summary>Parses <paramref name="args"/> after the bench's <paramref name="command"/> name and runs
    /// <paramref name="measure"/> with the model named, or prints the problem and the usage (exit 2).</summary>
    public static int RunWith(string command, string[] args, Func<ModelBenchOptions, ModelFactory, int> measure) =>
        (from o in Parse(args.SkipWhile(a => a == command).ToArray())
         from factory in ModelRegistry.Find(o.Model)
         from _ in Force(o.Depthwise)
         select (o, factory)).Match(run => measure(run.o, run.factory), e =>
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            Console.Error.WriteLine($"usage: bench {command} " + Usage);
            return 2;
        });

    private static Fin<Unit> Force(DepthwiseSimdPath? path)
    {
        if (path is { } p && !DepthwiseSimdPaths.IsSupported(p))
            return FinFail<Unit>(LanguageExt.Common.Error.New($"--depthwise {p.ToString().ToLowerInvariant()}: this CPU cannot run it"));
        DepthwiseSimdPaths.Forced = path;
        return unit;
    }

    /// <summary>A batch of uniform noise in [-1, 1) (seed 0) with these <paramref name="labels"/> (one output).</summary>
    public Batch RandomBatch(float[] labels)
    {
        var rng = new Random(0);
        var inputs = new float[Batch * Mels * Frames];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(rng.NextDouble() * 2 - 1);
        var recording = new RecordingRef("bench", "", "bench", "bench", new RecordingLabels(0), None);
        return new Batch(inputs, Batch, Mels, Frames, labels, 1,
            Enumerable.Range(0, Batch).Select(i => $"bench_{i}").ToArray(), Enumerable.Repeat(recording, Batch).ToArray());
    }

    public static Fin<ModelBenchOptions> Parse(string[] args)
    {
        var o = new ModelBenchOptions("mixednet", 20, 16, 0, 128, 313);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length) return FinFail<ModelBenchOptions>(LanguageExt.Common.Error.New($"{name} needs a value"));
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
                case "--depthwise" when value == "simd": o = o with { Depthwise = DepthwiseSimdPaths.Best }; break;
                case "--depthwise" when Enum.TryParse<DepthwiseSimdPath>(value, ignoreCase: true, out var path):
                    o = o with { Depthwise = path }; break;
                default: return FinFail<ModelBenchOptions>(LanguageExt.Common.Error.New($"bad option {name} {value}"));
            }
        }
        return o; // the model name is looked up by RunWith
    }
}
