using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>model9's inverted residual (MobileNetV2-style, stride 1): 1×1 expand to 6 × input channels → BN → ReLU
/// → depthwise k×k (same) → BN → ReLU → 1×1 project to <c>filters</c> → BN, plus the input when the shapes match.
/// The convolutions have no bias (the original's <c>use_bias=False</c>: each is followed by a BN's shift).</summary>
public sealed class InvertedResidual : nn.Module<Tensor, Tensor>, IDescribesLayers, IFoldsBatchNorm
{
    public const long Expansion = 6;

    /// <summary>Names in the PyTorch class (bench/anchors/pytorch_train.py): expand, dw, project and bn1…bn3.</summary>
    public static StateDictNames PyTorchNames { get; } = StateDictNames.Of(
        (@"expand\.conv\.(weight|bias)", "expand.conv.$1"), (@"depthwise\.conv\.(weight|bias)", "dw.conv.$1"),
        (@"project\.conv\.(weight|bias)", "project.conv.$1"), (@"expandNorm\." + StateDictNames.BatchNorm, "bn1.$1"),
        (@"depthwiseNorm\." + StateDictNames.BatchNorm, "bn2.$1"), (@"projectNorm\." + StateDictNames.BatchNorm, "bn3.$1"));

    private readonly SameConv2d expand, depthwise, project;
    private nn.Module<Tensor, Tensor> expandNorm, depthwiseNorm, projectNorm; // BatchNorm2d until folded
    private readonly bool residual;

    public InvertedResidual(long inChannels, long filters, long kernel, Generator generator) : base(nameof(InvertedResidual))
    {
        long hidden = inChannels * Expansion;
        expand = SameConv2d.Keras(inChannels, hidden, 1, generator, bias: false);
        expandNorm = KerasInit.BatchNorm(hidden);
        depthwise = SameConv2d.DepthwiseGlorot(hidden, kernel, generator, bias: false);
        depthwiseNorm = KerasInit.BatchNorm(hidden);
        project = SameConv2d.Keras(hidden, filters, 1, generator, bias: false);
        projectNorm = KerasInit.BatchNorm(filters);
        residual = inChannels == filters;
        RegisterComponents();
    }

    /// <summary>Each of the three convolutions is directly followed by its BatchNorm; the folded convolutions get biases.</summary>
    public void FoldBatchNorm()
    {
        expandNorm = BatchNormFolding.IntoConvolution(this, nameof(expandNorm), expandNorm, expand);
        depthwiseNorm = BatchNormFolding.IntoConvolution(this, nameof(depthwiseNorm), depthwiseNorm, depthwise);
        projectNorm = BatchNormFolding.IntoConvolution(this, nameof(projectNorm), projectNorm, project);
    }

    public Layer Describe()
    {
        var body = Layer.Seq(expand, expandNorm, Layer.Relu, depthwise, depthwiseNorm, Layer.Relu, project, projectNorm);
        return residual ? new Layer.Residual(body) : body;
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(expandNorm.call(expand.call(input)));
        x = nn.functional.relu(depthwiseNorm.call(depthwise.call(x)));
        x = projectNorm.call(project.call(x));
        return (residual ? x + input : x).MoveToOuterDisposeScope();
    }
}
