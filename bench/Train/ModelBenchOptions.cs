using System.Globalization;
using DataflowLung.Model.Models;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Bench;

/// <summary>The options of the model benches (<c>train</c>, <c>infer</c>): <c>--model NAME --seconds N [--batch 16]
/// [--threads T] [--mels 128] [--frames 313]</c>.</summary>
public sealed record ModelBenchOptions(string Model, double Seconds, int Batch, int Threads, int Mels, int Frames)
{
    public const string Usage = "--model NAME --seconds N [--batch 16] [--threads T] [--mels 128] [--frames 313]";

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
                default: return FinFail<ModelBenchOptions>(LanguageExt.Common.Error.New($"bad option {name} {value}"));
            }
        }
        return ModelRegistry.Find(o.Model).Map(_ => o);
    }
}
