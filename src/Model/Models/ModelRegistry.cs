using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Models;

/// <summary>Models by command-line name. A new model is one file plus one line here: the file holds the network,
/// its <see cref="ModelFactory"/> entry (name, description, PyTorch names), the description of its layers that ONNX
/// export walks (<see cref="IDescribesLayers"/>) and its Grad-CAM layer (<see cref="Explain.IGradCamTarget"/>);
/// training, <c>runner export</c> (both formats), Grad-CAM, the model summary and every help text that lists models
/// take it from here.</summary>
public static class ModelRegistry
{
    /// <summary>Every model, in the order help texts list them.</summary>
    public static IReadOnlyList<ModelFactory> All { get; } =
    [
        MixedNet.Entry,
        Model9.Entry,
        TinyCnn.Entry,
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    public static Fin<ModelFactory> Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { } factory
            ? FinSucc(factory)
            : FinFail<ModelFactory>(Error.New($"unknown model '{name}' (known: {string.Join(", ", Names)})"));
}
