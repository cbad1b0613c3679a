using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>Plain convolutions whose input gradient is right on every CPU. The oneDNN 3.7 inside libtorch 2.10
/// returns wrong input gradients (NaN with AVX-512, finite but wrong with AVX2) for a plain convolution (groups = 1)
/// whose output-channel count is not a multiple of the CPU's channel block (16 floats on AVX-512, 8 on AVX2);
/// forward values, weight gradients, depthwise convolutions and multiples of 16 output channels are right
/// (docs/numerics.md has the evidence). So when its input needs a gradient, such a convolution runs with zero filters
/// appended up to the next multiple of 16 and its output cut back to the real channels: the same values and weight
/// gradients, and right input gradients. A model's first convolution sees the spectrogram, which needs no gradient,
/// so training never pays for the padding there.</summary>
public static class BlockAlignedConv
{
    /// <summary>The largest channel block of any x86 oneDNN fp32 kernel (AVX-512); a multiple of AVX2's 8.</summary>
    public const long ChannelBlock = 16;

    /// <summary>True when a convolution over <paramref name="input"/> would take the faulty kernel.</summary>
    public static bool NeedsAlignment(Tensor input, long outChannels, long groups) =>
        groups == 1 && outChannels % ChannelBlock != 0 && input.requires_grad && is_grad_enabled();

    /// <summary>The plain (groups = 1) stride-1 convolution with symmetric <paramref name="padding"/>, run with zero filters
    /// up to the next multiple of <see cref="ChannelBlock"/> and cut back: for inputs <see cref="NeedsAlignment"/> accepts.</summary>
    public static Tensor Aligned(Tensor input, Tensor weight, Tensor? bias, long padding)
    {
        long outChannels = weight.shape[0];
        using var scope = NewDisposeScope();
        long extra = ChannelBlock - outChannels % ChannelBlock;
        var alignedWeight = nn.functional.pad(weight, [0, 0, 0, 0, 0, 0, 0, extra]);
        var alignedBias = bias is null ? null : nn.functional.pad(bias, [0, extra]);
        return nn.functional.conv2d(input, alignedWeight, alignedBias, padding: [padding, padding])
            .narrow(1, 0, outChannels).MoveToOuterDisposeScope();
    }
}
