using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A plain convolution over one input channel (a model's first convolution, on the spectrogram), run as
/// im2col and one matrix product. libtorch 2.10's oneDNN takes a slow path
/// for such a convolution's weight gradient: in mixednet's training step it was the single most expensive op, 44 % of
/// the step (bench <c>profile</c>, docs/performance.md), while the same sums as <c>unfold</c> + GEMM cost a few
/// milliseconds. Used only while training (when the weight gradient is needed); inference, Grad-CAM and the model
/// inspector's hooks go through the convolution module itself.</summary>
public static class SingleChannelConv
{
    /// <summary>True when a training step's convolution over <paramref name="input"/> with <paramref name="weight"/>
    /// (<c>[out, 1, k, k]</c>, groups 1) takes this path.</summary>
    public static bool Applies(Tensor input, Tensor weight, long groups, bool training) =>
        training && groups == 1 && input.dim() == 4 && input.shape[1] == 1 && weight.shape[1] == 1
        && weight.requires_grad && is_grad_enabled();

    /// <summary>The stride-1 convolution with symmetric <paramref name="padding"/>: each output pixel's k·k input
    /// patch times the <c>[out, k·k]</c> filter matrix. The result is <c>[B, out, H', W']</c>, contiguous, as libtorch's
    /// convolution returns it for such an input: a model chooses its own layout from there (mixednet goes channels-last;
    /// model9 stays NCHW: run channels-last, its float32 outputs and gradients were off float64 by 0.1–0.9 on this CPU,
    /// a oneDNN path not characterised further, docs/numerics.md).</summary>
    public static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, long padding)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0], outChannels = weight.shape[0], kh = weight.shape[2], kw = weight.shape[3];
        long height = input.shape[2] + 2 * padding - kh + 1, width = input.shape[3] + 2 * padding - kw + 1;
        var patches = nn.functional.unfold(input, (kh, kw), padding: (padding, padding)); // [B, k·k, H'·W']
        var y = weight.reshape(outChannels, kh * kw).matmul(patches); // [B, out, H'·W']
        if (bias is not null) y = y.add(bias.view(outChannels, 1));
        return y.view(batch, outChannels, height, width).MoveToOuterDisposeScope();
    }
}
