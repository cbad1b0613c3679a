using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>What a module computes in evaluation mode, as a tree of standard steps over its own sub-modules: the
/// export-neutral description a model gives of itself (<see cref="IDescribesLayers"/>) so that exporters walk it
/// generically instead of knowing each model. It says what <c>forward</c> leaves implicit in code (where ReLUs and
/// pools sit, which path is residual); weights, kernel sizes and groups stay in the modules it names. Layout-only
/// steps (<see cref="ChannelsLast"/>) are left out, and Dropout is named but computes nothing in evaluation mode.
/// A description that drifts from <c>forward</c> shows in the ONNX-Runtime-vs-TorchSharp tests (tests/Export).</summary>
public abstract record Layer
{
    private Layer() { }

    /// <summary>A sub-module: a <see cref="SameConv2d"/>, BatchNorm2d, Linear or Dropout, or one that describes itself.</summary>
    public sealed record Call(nn.Module Module) : Layer;

    /// <summary>A step without parameters.</summary>
    public sealed record Fixed(FixedOp Op) : Layer;

    /// <summary>The steps one after another.</summary>
    public sealed record Sequence(IReadOnlyList<Layer> Steps) : Layer;

    /// <summary>Every path applied to the same input, the outputs concatenated over channels.</summary>
    public sealed record Concat(IReadOnlyList<Layer> Paths) : Layer;

    /// <summary>The input's channels cut into consecutive groups of <see cref="Sizes"/>, part i applied to group i,
    /// the outputs concatenated over channels.</summary>
    public sealed record SplitConcat(IReadOnlyList<long> Sizes, IReadOnlyList<Layer> Parts) : Layer;

    /// <summary>The body's output plus its input.</summary>
    public sealed record Residual(Layer Body) : Layer;

    public enum FixedOp
    {
        Relu,
        /// <summary><see cref="SamePadding.AvgPool2Same"/>.</summary>
        AvgPool2Same,
        /// <summary><see cref="SamePadding.AvgPool2Valid"/>.</summary>
        AvgPool2Valid,
        /// <summary>3×3 max pooling, stride 1, padded by one cell (TF "same"; the padding never wins).</summary>
        MaxPool3Same,
        /// <summary>The mean over positions, <c>[B, C, H, W]</c> → <c>[B, C]</c>.</summary>
        GlobalAverage,
    }

    public static Layer Relu { get; } = new Fixed(FixedOp.Relu);
    public static Layer AvgPool2Same { get; } = new Fixed(FixedOp.AvgPool2Same);
    public static Layer AvgPool2Valid { get; } = new Fixed(FixedOp.AvgPool2Valid);
    public static Layer MaxPool3Same { get; } = new Fixed(FixedOp.MaxPool3Same);
    public static Layer GlobalAverage { get; } = new Fixed(FixedOp.GlobalAverage);

    public static Layer Seq(params IEnumerable<Layer> steps) => new Sequence(steps.ToArray());

    public static Layer Branches(params IEnumerable<Layer> branches) => new Concat(branches.ToArray());

    // A module stands for calling it, so descriptions read like forward: Layer.Seq(conv, norm, Layer.Relu, ...).
    public static implicit operator Layer(nn.Module module) => new Call(module);
}
