using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Models;

/// <summary>Models by command-line name. A new model is one file plus one line here.</summary>
public static class ModelRegistry
{
    private static readonly IReadOnlyList<ModelFactory> Factories =
    [
        new("mixednet", "the original's main model: 5 × (3×3 conv → mixed depthwise 3–7 → avg pool → BN), GAP, dense", (s, g) => new MixedNet(s, g)),
        new("model9", "the original's inception + inverted-residual network", (s, g) => new Model9(s, g)),
        new("tiny", "a very small CNN for tests and demos", (s, g) => new TinyCnn(s, g)),
    ];

    public static IReadOnlyList<string> Names { get; } = Factories.Select(f => f.Name).ToArray();

    public static Fin<ModelFactory> Find(string name) =>
        Factories.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { } factory
            ? FinSucc(factory)
            : FinFail<ModelFactory>(Error.New($"unknown model '{name}' (known: {string.Join(", ", Names)})"));
}
