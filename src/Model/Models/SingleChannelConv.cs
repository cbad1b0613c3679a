using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A plain convolution over one input channel (mixednet's first convolution, on the spectrogram), run as
/// im2col and one matrix product whose result is channels-last, the layout mixednet continues in. libtorch 2.10 takes
/// a slow path for that convolution's weight gradient and for the NCHW → channels-last copy after it (bench
/// <c>profile</c>, docs/performance.md); as <c>unfold</c> + one GEMM over all pixels it costs a few milliseconds. Used
/// only while training, and only where the model asks for a channels-last output (model9 stays NCHW: run
/// channels-last, its float32 outputs and gradients were off float64 by 0.1–0.9 on this CPU, docs/numerics.md);
/// inference, Grad-CAM and the model inspector's hooks go through the convolution module itself. mixednet's training
/// step normally takes <see cref="SingleChannelConvRelu"/> instead (the convolution, bias and ReLU in one kernel); this
/// is its path where that kernel does not apply: libtorch's path forced (<see cref="DepthwiseSimdPaths.Forced"/>), a
/// CPU without AVX2 + FMA, an input that needs a gradient, or the module called alone.</summary>
public static class SingleChannelConv
{
    /// <summary>True when a training step's convolution over <paramref name="input"/> with <paramref name="weight"/>
    /// (<c>[out, 1, k, k]</c>, groups 1) takes this path.</summary>
    public static bool Applies(Tensor input, Tensor weight, long groups, bool training) =>
        training && groups == 1 && input.dim() == 4 && input.shape[1] == 1 && weight.shape[1] == 1
        && weight.requires_grad && is_grad_enabled();

    /// <summary>The stride-1 convolution with symmetric <paramref name="padding"/>: each output pixel's k·k input
    /// patch times the <c>[out, k·k]</c> filter matrix. The result is <c>[B, out, H', W']</c> laid out channels-last.</summary>
    public static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, long padding)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0], outChannels = weight.shape[0], kh = weight.shape[2], kw = weight.shape[3];
        long height = input.shape[2] + 2 * padding - kh + 1, width = input.shape[3] + 2 * padding - kw + 1;
        var patches = nn.functional.unfold(input, (kh, kw), padding: (padding, padding)); // [B, k·k, H'·W']
        // [B, H'·W', k·k] × [k·k, out]: one GEMM over every pixel of the batch, its weight gradient another.
        var y = patches.transpose(1, 2).matmul(weight.reshape(outChannels, kh * kw).t());
        if (bias is not null) y = y.add(bias);
        return y.view(batch, height, width, outChannels).permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }
}
