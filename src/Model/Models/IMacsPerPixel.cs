namespace DataflowLung.Model.Models;

/// <summary>A module that computes its convolutions functionally, not through Conv2d modules, so
/// <see cref="ModelInspector"/>'s hooks on those do not see them: it states its own cost instead.</summary>
public interface IMacsPerPixel
{
    /// <summary>Multiply-accumulates per output pixel (per sample).</summary>
    long MacsPerPixel { get; }
}
