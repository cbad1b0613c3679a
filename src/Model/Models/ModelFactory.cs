using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A registered model: its command-line name and description, how to build it, and what an export needs
/// that the network cannot say itself (its reference PyTorch class's names). Declared in the model's own file with
/// <see cref="Of{T}"/>, which takes only networks that describe their layers (ONNX export) and name their Grad-CAM
/// layer, and listed by one line in <see cref="ModelRegistry"/>. Every initial weight is drawn from the generator
/// handed to <see cref="Build"/>, so <see cref="Create"/> with the same seed gives the same model, whatever else uses
/// torch's global generator meanwhile.</summary>
public sealed record ModelFactory
{
    private ModelFactory(string name, string description, Func<ModelShape, Generator, nn.Module<Tensor, Tensor>> build, StateDictNames pyTorchNames)
    {
        Name = name;
        Description = description;
        Build = build;
        PyTorchNames = pyTorchNames;
    }

    public string Name { get; }

    /// <summary>One line for help texts (<c>runner parameters</c>).</summary>
    public string Description { get; }

    public Func<ModelShape, Generator, nn.Module<Tensor, Tensor>> Build { get; }

    /// <summary>The state dict's names in the model's PyTorch class (<c>runner export --format pytorch</c>).</summary>
    public StateDictNames PyTorchNames { get; }

    /// <summary>The entry of model <typeparamref name="T"/>; the constraints are the capabilities every registered
    /// model has (ONNX export walks <see cref="IDescribesLayers"/>, Grad-CAM hooks <see cref="Explain.IGradCamTarget"/>).</summary>
    public static ModelFactory Of<T>(string name, string description, Func<ModelShape, Generator, T> build, StateDictNames pyTorchNames)
        where T : nn.Module<Tensor, Tensor>, IDescribesLayers, Explain.IGradCamTarget =>
        new(name, description, build, pyTorchNames);

    public nn.Module<Tensor, Tensor> Create(ModelShape shape, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        return Build(shape, generator);
    }
}
