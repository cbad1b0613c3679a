using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A named way to build a model. Every initial weight is drawn from the generator handed to
/// <see cref="Build"/>, so <see cref="Create"/> with the same seed gives the same model, whatever else uses
/// torch's global generator meanwhile.</summary>
public sealed record ModelFactory(string Name, string Description, Func<ModelShape, Generator, nn.Module<Tensor, Tensor>> Build)
{
    public nn.Module<Tensor, Tensor> Create(ModelShape shape, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        return Build(shape, generator);
    }
}
