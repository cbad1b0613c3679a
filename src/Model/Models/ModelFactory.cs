using TorchSharp;

namespace DataflowLung.Model.Models;

/// <summary>A named way to build a fresh, randomly initialised model (from the global torch generator, so
/// <c>torch.manual_seed</c> before <see cref="Create"/> makes it reproducible).</summary>
public sealed record ModelFactory(string Name, string Description, Func<ModelShape, torch.nn.Module<torch.Tensor, torch.Tensor>> Create);
