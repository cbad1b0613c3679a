using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Export.Keras;

/// <summary>The original's Keras models that <c>runner import --from keras</c> reads, by our model name, and the
/// layer shapes they share. <c>tiny</c> is ours only: the original has no such model.</summary>
public static class KerasLayouts
{
    private static readonly IReadOnlyDictionary<string, KerasLayout> All = new Dictionary<string, KerasLayout>(StringComparer.OrdinalIgnoreCase)
    {
        ["mixednet"] = MixedNetKeras.Layout,
        ["model9"] = Model9Keras.Layout,
    };

    public static IReadOnlyList<string> Names { get; } = ["mixednet", "model9"];

    public static Fin<KerasLayout> Find(string model) =>
        All.TryGetValue(model, out var layout) ? FinSucc(layout)
            : FinFail<KerasLayout>(Error.New($"model '{model}' has no Keras original to import from (the original's models: {string.Join(", ", Names)})"));

    /// <summary>Keras BatchNormalization's four weights (gamma, beta, moving mean, moving variance) as torch's.</summary>
    public static IEnumerable<KerasWeightMap> BatchNormWeights(string ours, string? owner = null, int rank = 0) =>
    [
        new(owner, rank, "gamma", $"{ours}.weight", KerasConversion.Vector),
        new(owner, rank, "beta", $"{ours}.bias", KerasConversion.Vector),
        new(owner, rank, "moving_mean", $"{ours}.running_mean", KerasConversion.Vector),
        new(owner, rank, "moving_variance", $"{ours}.running_var", KerasConversion.Vector),
    ];

    public static KerasLayerMap BatchNorm(string name, string describes, string ours) =>
        new("batch_normalization", name, describes, BatchNormWeights(ours).ToArray());

    public static KerasLayerMap Dense(string name) => new("dense", name, "the output Dense layer",
    [
        new(null, 0, "kernel", "head.weight", KerasConversion.Dense),
        new(null, 0, "bias", "head.bias", KerasConversion.Vector),
    ]);
}
