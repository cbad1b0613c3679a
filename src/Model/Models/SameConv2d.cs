using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A stride-1 Keras Conv2D / DepthwiseConv2D with "same" padding: odd kernels pad inside the
/// convolution (symmetric, cheaper), even kernels are zero-padded explicitly on the TF side first. Plain
/// convolutions whose input needs a gradient go through <see cref="BlockAlignedConv"/> when libtorch's kernel would get
/// that gradient wrong.</summary>
public sealed class SameConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly long kernel, padding;
    private readonly bool channelsLastOutput;

    private SameConv2d(long inChannels, long outChannels, long kernel, long groups, bool bias, bool channelsLastOutput = false) : base(nameof(SameConv2d))
    {
        this.kernel = kernel;
        this.channelsLastOutput = channelsLastOutput;
        padding = kernel % 2 == 1 ? (kernel - 1) / 2 : 0;
        conv = nn.Conv2d(inChannels, outChannels, kernel, padding: padding, groups: groups, bias: bias);
        if (conv.bias is { } b) { using var _ = no_grad(); b.zero_(); }
        RegisterComponents();
    }

    public Tensor Weight => conv.weight!;

    /// <summary>Keras Conv2D(out, k, padding="same"), glorot_uniform kernel, zero bias. <paramref name="channelsLastOutput"/>:
    /// the model lays the output out channels-last anyway, so a training step's single-channel convolution may return it
    /// so (<see cref="SingleChannelConv"/>, and fused with its ReLU <see cref="SingleChannelConvRelu"/> in
    /// <see cref="CallRelu"/>).</summary>
    public static SameConv2d Keras(long inChannels, long outChannels, long kernel, Generator generator, bool bias = true, bool channelsLastOutput = false)
    {
        var layer = new SameConv2d(inChannels, outChannels, kernel, 1, bias, channelsLastOutput);
        KerasInit.GlorotUniform(layer.Weight, kernel * kernel * inChannels, kernel * kernel * outChannels, generator);
        return layer;
    }

    /// <summary>Keras DepthwiseConv2D(k, padding="same", kernel_initializer="he_normal") over
    /// <paramref name="channels"/> channels; Keras' fan_in is k·k·channels (kernel shape (k, k, channels, 1)).</summary>
    public static SameConv2d DepthwiseHe(long channels, long kernel, bool bias, Generator generator)
    {
        var layer = new SameConv2d(channels, channels, kernel, channels, bias);
        KerasInit.HeNormal(layer.Weight, kernel * kernel * channels, generator);
        return layer;
    }

    /// <summary>Keras DepthwiseConv2D(k, padding="same") with its default glorot_uniform kernel
    /// (fan_in k·k·channels, fan_out k·k).</summary>
    public static SameConv2d DepthwiseGlorot(long channels, long kernel, Generator generator, bool bias = true)
    {
        var layer = new SameConv2d(channels, channels, kernel, channels, bias);
        KerasInit.GlorotUniform(layer.Weight, kernel * kernel * channels, kernel * kernel, generator);
        return layer;
    }

    /// <summary>Merges a per-channel affine map that follows this convolution into it (each output channel's filter
    /// times <paramref name="scale"/>, its bias times the scale plus <paramref name="shift"/>; a bias is added when the
    /// convolution has none): <see cref="BatchNormFolding"/>. In place; call under <c>no_grad</c>.</summary>
    public void Absorb(Tensor scale, Tensor shift)
    {
        conv.weight!.mul_(scale.view(-1, 1, 1, 1));
        if (conv.bias is { } b) b.mul_(scale).add_(shift);
        else conv.bias = new TorchSharp.Modules.Parameter(shift.clone(), requires_grad: false);
    }

    /// <summary>ReLU(this convolution of <paramref name="input"/>), Keras' Conv2D(activation="relu"): in a training step
    /// of a single-channel convolution with a channels-last output, one fused kernel (<see cref="SingleChannelConvRelu"/>:
    /// no im2col, no libtorch threshold backward); otherwise the module's own call (forward hooks see it) and a ReLU in
    /// place on its fresh output.</summary>
    public Tensor CallRelu(Tensor input) =>
        channelsLastOutput && SingleChannelConvRelu.Applies(input, conv.weight!, conv.bias, conv.groups, training)
            ? SingleChannelConvRelu.Convolve(input, conv.weight!, conv.bias)
            : call(input).relu_();

    public override Tensor forward(Tensor input)
    {
        if (kernel % 2 == 1) return Convolve(input);
        using var padded = SamePadding.PadForKernel(input, kernel);
        return Convolve(padded);
    }

    // Through the module (so forward hooks such as ModelInspector's see it) unless training a single-channel
    // convolution, or the kernel needs aligning.
    private Tensor Convolve(Tensor input) =>
        channelsLastOutput && SingleChannelConv.Applies(input, conv.weight!, conv.groups, training)
            ? SingleChannelConv.Convolve(input, conv.weight!, conv.bias, padding)
            : BlockAlignedConv.NeedsAlignment(input, conv.out_channels, conv.groups)
                ? BlockAlignedConv.Aligned(input, conv.weight!, conv.bias, padding)
                : conv.call(input);
}
