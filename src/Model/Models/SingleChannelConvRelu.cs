using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A training step's first convolution of mixednet, ReLU(conv(x, w) + b) over the one-channel spectrogram
/// with TF "same" padding, in one custom kernel (AVX-512F, AVX2 + FMA, or scalar: the path
/// <see cref="DepthwiseSimdPaths"/> picks for the depthwise kernel too) whose output is channels-last. As
/// <see cref="SingleChannelConv"/> + <c>relu_</c> it cost about a fifth of mixednet's step (docs/performance.md): im2col,
/// two GEMMs, a bias add, the copy to channels-last and libtorch's threshold_backward over the whole 8-channel output,
/// for 72 weights. The 1 → C convolution is the depthwise convolution of the input replicated C times, so it runs on the
/// depthwise kernel's row loops (<see cref="SingleChannelConvReluRun"/>); its backward computes the weight and bias
/// gradients from the gradient gated by its own output, and no input gradient. Used only while training (grad enabled,
/// float32, CPU, trainable weights, an input without gradient) and only where the model asks for a channels-last output
/// (<see cref="SameConv2d.CallRelu"/>); libtorch's path forced, the kernel not applicable (float64, Grad-CAM's input with
/// a gradient), inference and the export keep the module's own convolution and ReLU.</summary>
public static class SingleChannelConvRelu
{
    /// <summary>True when a training step's convolution (groups <paramref name="groups"/>) of <paramref name="input"/>
    /// with <paramref name="weight"/> (<c>[C, 1, k, k]</c>) and <paramref name="bias"/> (<c>[C]</c> or none), ReLU'd,
    /// takes this path.</summary>
    public static bool Applies(Tensor input, Tensor weight, Tensor? bias, long groups, bool training) =>
        training && DepthwiseSimdPaths.Current != DepthwiseSimdPath.Libtorch && is_grad_enabled() && groups == 1
        && input.dim() == 4 && input.shape[1] == 1 && !input.requires_grad
        && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32
        && weight.dim() == 4 && weight.shape[1] == 1 && weight.shape[2] == weight.shape[3] && weight.requires_grad
        && weight.device_type == DeviceType.CPU && weight.dtype == ScalarType.Float32
        && (bias is null || bias.requires_grad && bias.device_type == DeviceType.CPU && bias.dtype == ScalarType.Float32)
        && input.numel() * weight.shape[0] * sizeof(float) < int.MaxValue;

    /// <summary>ReLU(conv(<paramref name="input"/>, <paramref name="weight"/>) + <paramref name="bias"/>), stride 1 with
    /// TF "same" padding (⌊(k−1)/2⌋ before, the rest after), on <paramref name="path"/> (default:
    /// <see cref="DepthwiseSimdPaths.Current"/>). Differentiable in the weight and bias (not the input); the result
    /// <c>[B, C, H, W]</c> is channels-last. At most <paramref name="threads"/> workers (default: libtorch's thread
    /// count); the result does not depend on it.</summary>
    public static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, DepthwiseSimdPath? path = null, int? threads = null)
    {
        var chosen = path ?? DepthwiseSimdPaths.Current;
        if (chosen == DepthwiseSimdPath.Libtorch || !DepthwiseSimdPaths.IsSupported(chosen))
            throw new ArgumentException($"the {chosen} path is not a kernel this CPU runs", nameof(path));
        if (input.dtype != ScalarType.Float32 || input.device_type != DeviceType.CPU || input.dim() != 4 || input.shape[1] != 1)
            throw new ArgumentException($"the kernel takes a [B, 1, H, W] float32 CPU tensor, not {input.dtype} {input.device_type} [{string.Join(", ", input.shape)}]");
        if (input.requires_grad)
            throw new ArgumentException("the kernel computes no input gradient, and this input needs one", nameof(input));
        if (weight.dim() != 4 || weight.shape[1] != 1 || weight.shape[2] != weight.shape[3] || weight.dtype != ScalarType.Float32)
            throw new ArgumentException($"the kernel takes a [C, 1, k, k] float32 weight, not {weight.dtype} [{string.Join(", ", weight.shape)}]");
        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0] || bias.dtype != ScalarType.Float32))
            throw new ArgumentException($"a bias of {weight.shape[0]} float32 values, not {bias.dtype} [{string.Join(", ", bias.shape)}]");
        var geometry = DepthwiseSimdGeometry.Of([weight.shape[0]], [weight.shape[2]]);
        var call = new SingleChannelConvReluCall(geometry, bias is not null, chosen, Math.Max(1, threads ?? get_num_threads()));
        return SingleChannelConvReluFunction.apply(bias is null ? [input, weight, call] : [input, weight, bias, call]);
    }
}
