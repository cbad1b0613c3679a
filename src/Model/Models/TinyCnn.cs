using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A very small CNN (two conv → BN → ReLU → pool stages, 8 and 16 channels, GAP, dense) that trains in
/// seconds on two CPU cores: for tests and demos, not for results. Torch's BN momentum (0.1), not Keras' 0.01, so its
/// running statistics catch up within a few short epochs.</summary>
public sealed class TinyCnn : nn.Module<Tensor, Tensor>, Explain.IGradCamTarget, IDescribesLayers, IFoldsBatchNorm
{
    /// <summary>The registry entry; the PyTorch class (bench/anchors/check_export.py) has the same field names.</summary>
    public static ModelFactory Entry { get; } = ModelFactory.Of("tiny", "a very small CNN for tests and demos", (s, g) => new TinyCnn(s, g),
        StateDictNames.Of(
            (@"(conv1|conv2)\.conv\.(weight|bias)", "$1.conv.$2"),
            (@"(norm1|norm2)\." + StateDictNames.BatchNorm, "$1.$2"),
            (@"head\.(weight|bias)", "head.$1")));

    /// <summary>Grad-CAM's layer: the second conv stage's batch norm (before its ReLU and pooling).</summary>
    public nn.Module<Tensor, Tensor> LastConvBlock => norm2;

    private readonly SameConv2d conv1, conv2;
    private nn.Module<Tensor, Tensor> norm1, norm2; // BatchNorm2d until folded
    private readonly Linear head;

    public TinyCnn(ModelShape shape, Generator generator) : base(nameof(TinyCnn))
    {
        conv1 = SameConv2d.Keras(1, 8, 3, generator);
        norm1 = nn.BatchNorm2d(8);
        conv2 = SameConv2d.Keras(8, 16, 3, generator);
        norm2 = nn.BatchNorm2d(16);
        head = KerasInit.Dense(16, shape.Outputs, generator);
        RegisterComponents();
    }

    /// <summary>Both convolutions are directly followed by their BatchNorm.</summary>
    public void FoldBatchNorm()
    {
        norm1 = BatchNormFolding.IntoConvolution(this, nameof(norm1), norm1, conv1);
        norm2 = BatchNormFolding.IntoConvolution(this, nameof(norm2), norm2, conv2);
    }

    public Layer Describe() => Layer.Seq(
        conv1, norm1, Layer.Relu, Layer.AvgPool2Same,
        conv2, norm2, Layer.Relu, Layer.AvgPool2Same,
        Layer.GlobalAverage, head);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = SamePadding.AvgPool2Same(nn.functional.relu(norm1.call(conv1.call(input))));
        x = SamePadding.AvgPool2Same(nn.functional.relu(norm2.call(conv2.call(x))));
        return head.call(x.mean([2L, 3L])).MoveToOuterDisposeScope();
    }
}
