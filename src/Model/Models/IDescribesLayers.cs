namespace DataflowLung.Model.Models;

/// <summary>A module that describes what it computes (<see cref="Layer"/>), so exporters need no code of their own
/// for it. Every registered model implements it (<see cref="ModelFactory.Of{T}"/>), as do the blocks they are built
/// from. The description names the module's current sub-modules, so call it after any change to them.</summary>
public interface IDescribesLayers
{
    Layer Describe();
}
