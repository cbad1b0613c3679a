using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A training step's mixed depthwise convolution + ReLU (<see cref="MixDepthGroupConv"/>) on the CPU through a
/// custom kernel (AVX-512F, AVX2 + FMA, or scalar: <see cref="DepthwiseSimdPaths"/>) instead of libtorch's depthwise
/// convolution, whose backward (oneDNN's input and weight gradients) was most of the mixed convolutions' cost
/// (docs/performance.md). Per call it takes one of two layouts (<see cref="DepthwiseSimdLayouts"/>): vectors across the
/// channels of channels-last rows, skipping per vector the taps where none of its channels has a weight, or, where that
/// would still multiply many zeros (few channels: mixednet's first blocks), vectors across the pixels of per-channel
/// planes, each channel running only its own k×k taps, transposed in and out. Used
/// only while training (grad enabled, float32, CPU, channels-last input, trainable weights), unless libtorch's path is
/// forced (<see cref="DepthwiseSimdPaths.Forced"/>: tests, the bench's A/B switch); inference, Grad-CAM, the ONNX export
/// and float64 keep the combined-kernel libtorch path.</summary>
public static class DepthwiseSimd
{
    /// <summary>True when a training step's mixed convolution over <paramref name="input"/> takes this path.</summary>
    public static bool Applies(Tensor input, IReadOnlyList<Tensor> weights, bool training) =>
        training && DepthwiseSimdPaths.Current != DepthwiseSimdPath.Libtorch && is_grad_enabled()
        && input.dim() == 4 && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32
        && input.numel() * sizeof(float) < int.MaxValue && ChannelsLast.Is(input)
        && weights.All(w => w.requires_grad && w.device_type == DeviceType.CPU && w.dtype == ScalarType.Float32);

    /// <summary>The mixed depthwise "same" convolution of <paramref name="input"/> (<c>[B, C, H, W]</c>) with the
    /// groups' <c>[size_i, 1, k_i, k_i]</c> <paramref name="weights"/>, ReLU'd when <paramref name="relu"/>, on
    /// <paramref name="path"/> (default: <see cref="DepthwiseSimdPaths.Current"/>). Differentiable in the input and every
    /// weight; the result is channels-last. At most <paramref name="threads"/> workers (default: libtorch's thread
    /// count); the result does not depend on it.</summary>
    public static Tensor Convolve(Tensor input, IReadOnlyList<Tensor> weights, IReadOnlyList<long> groupSizes,
        IReadOnlyList<long> kernels, bool relu, DepthwiseSimdPath? path = null, int? threads = null)
    {
        var chosen = path ?? DepthwiseSimdPaths.Current;
        if (chosen == DepthwiseSimdPath.Libtorch || !DepthwiseSimdPaths.IsSupported(chosen))
            throw new ArgumentException($"the {chosen} path is not a kernel this CPU runs", nameof(path));
        if (input.dtype != ScalarType.Float32 || input.device_type != DeviceType.CPU || input.dim() != 4)
            throw new ArgumentException($"the kernel takes a 4-d float32 CPU tensor, not {input.dtype} {input.device_type} [{string.Join(", ", input.shape)}]");
        var geometry = DepthwiseSimdGeometry.Of(groupSizes, kernels);
        if (geometry.Channels != input.shape[1])
            throw new ArgumentException($"{geometry.Channels} channels in the groups, {input.shape[1]} in the input");
        var call = new DepthwiseSimdCall(geometry, groupSizes.ToArray(), chosen, relu, Math.Max(1, threads ?? get_num_threads()));
        return DepthwiseSimdFunction.apply([input, .. weights, call]);
    }
}
