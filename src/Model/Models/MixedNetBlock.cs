using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>One MixedNet block: 3×3 conv (ReLU) → mixed depthwise convolutions → same-average-pool → BN, channels-last
/// from the first block's convolution output on (<see cref="ChannelsLast"/>).</summary>
public sealed class MixedNetBlock : nn.Module<Tensor, Tensor>, IDescribesLayers
{
    private readonly SameConv2d conv;
    // No parameters (the state dict is unchanged): it marks the ReLU'd convolution output, Keras' Conv2D(activation="relu")
    // output, for a forward hook (the original's Grad-CAM layer).
    private readonly Identity activated = nn.Identity();

    /// <summary>The block's convolution after its ReLU, as a module a hook can watch.</summary>
    public nn.Module<Tensor, Tensor> ActivatedConv => activated;
    private readonly MixDepthGroupConv mix;
    private nn.Module<Tensor, Tensor> norm; // BatchNorm2d until folded into the head (last block only)

    public MixedNetBlock(long inChannels, long filters, IReadOnlyList<long> kernels, Generator generator) : base(nameof(MixedNetBlock))
    {
        conv = SameConv2d.Keras(inChannels, filters, 3, generator, channelsLastOutput: true);
        mix = new MixDepthGroupConv(filters, kernels, generator);
        norm = KerasInit.BatchNorm(filters);
        RegisterComponents();
    }

    /// <summary>Folds this block's closing BatchNorm into <paramref name="head"/>, the dense layer that reads the block
    /// through global average pooling (the last block only: any other block's BatchNorm feeds a ReLU'd convolution).</summary>
    internal void FoldNormInto(Linear head) => norm = BatchNormFolding.IntoDense(this, nameof(norm), norm, head);

    public Layer Describe() => Layer.Seq(conv, Layer.Relu, mix, Layer.AvgPool2Same, norm);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // The convolution and its ReLU in one (a training step's first block: SingleChannelConvRelu), else a ReLU in place
        // on the convolution's fresh output (its backward does not need it): MixDepthGroupConv says why.
        var x = ChannelsLast.Of(activated.call(conv.CallRelu(input)));
        x = mix.call(x);
        x = SamePadding.AvgPool2Same(x);
        return norm.call(x).MoveToOuterDisposeScope();
    }
}
