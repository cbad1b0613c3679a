using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>What one call of <see cref="DepthwiseSimdFunction"/> computes: the geometry, the channels per group (the
/// order of the weight tensors), the path, whether the ReLU is fused, and how many workers may run it.</summary>
internal sealed record DepthwiseSimdCall(DepthwiseSimdGeometry Geometry, long[] GroupSizes, DepthwiseSimdPath Path, bool Relu, int Threads);

/// <summary>The mixed depthwise convolution (and its ReLU) as a custom autograd function: arguments
/// <c>(input, weight_0, …, weight_{g−1}, DepthwiseSimdCall)</c>, input <c>[B, C, H, W]</c> laid out channels-last,
/// weights <c>[size_i, 1, k_i, k_i]</c>; the output is channels-last too. It saves the input and, with the ReLU, its own
/// output (whose sign is the ReLU's gradient), as libtorch's convolution + in-place ReLU save the same two tensors.</summary>
internal sealed class DepthwiseSimdFunction : autograd.SingleTensorFunction<DepthwiseSimdFunction>
{
    private const string CallKey = "call", CombinedKey = "combined", InputNeedsGradKey = "inputNeedsGrad";

    public override string Name => nameof(DepthwiseSimdFunction);

    public override unsafe Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var call = (DepthwiseSimdCall)vars[^1];
        var input = (Tensor)vars[0];
        var combined = call.Geometry.Combine(vars[1..^1].Select(w => Values((Tensor)w)).ToArray());
        var shape = Shape(input);
        var output = NewChannelsLast(shape);
        using (var inputView = Nhwc(input))
        using (var outputView = output.permute(0, 2, 3, 1))
        fixed (byte* x = inputView.bytes)
        fixed (byte* y = outputView.bytes)
            DepthwiseSimdRun.Forward(call.Path, call.Geometry, shape, (float*)x, combined, (float*)y, call.Relu, call.Threads);
        ctx.save_for_backward(call.Relu ? [input, output] : [input]);
        ctx.save_data(CombinedKey, combined);
        ctx.save_data(CallKey, call);
        ctx.save_data(InputNeedsGradKey, input.requires_grad);
        return output;
    }

    public override unsafe List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        using var scope = NewDisposeScope();
        var call = (DepthwiseSimdCall)ctx.get_data(CallKey);
        var combined = (float[])ctx.get_data(CombinedKey);
        bool inputNeedsGrad = (bool)ctx.get_data(InputNeedsGradKey);
        var saved = ctx.get_saved_variables();
        var input = saved[0];
        var shape = Shape(input);
        var inputGradient = inputNeedsGrad ? NewChannelsLast(shape) : null;
        double[] combinedGradient;
        var x = Nhwc(input);
        var y = call.Relu ? Nhwc(saved[1]) : null;
        var g = Nhwc(grad_output);
        var dx = inputGradient?.permute(0, 2, 3, 1);
        fixed (byte* xp = x.bytes)
        fixed (byte* yp = y is null ? default : y.bytes)
        fixed (byte* gp = g.bytes)
        fixed (byte* dxp = dx is null ? default : dx.bytes)
            combinedGradient = DepthwiseSimdRun.Backward(call.Path, call.Geometry, shape, (float*)xp, (float*)yp, (float*)gp,
                combined, (float*)dxp, call.Threads);

        var gradients = new List<Tensor> { inputGradient?.MoveToOuterDisposeScope()! };
        int first = 0;
        foreach (long size in call.GroupSizes)
        {
            long k = size == 0 ? 1 : call.Geometry.ChannelKernels[first];
            var values = call.Geometry.Split(combinedGradient, first, (int)size);
            gradients.Add(NativeCopy(values, [size, 1, k, k]).MoveToOuterDisposeScope());
            first += (int)size;
        }
        gradients.Add(null!); // the DepthwiseSimdCall argument
        return gradients;
    }

    /// <summary>A weight's values, every temporary disposed here rather than left to the finalizer thread.</summary>
    internal static float[] Values(Tensor weight)
    {
        using var detached = weight.detach();
        using var packed = detached.contiguous();
        using var accessor = packed.data<float>();
        return accessor.ToArray();
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="values"/> in libtorch's own memory (not a tensor over
    /// a pinned managed array, whose lifetime would then hang on a GC handle inside the autograd graph).</summary>
    internal static Tensor NativeCopy(float[] values, long[] shape)
    {
        var result = empty(shape, ScalarType.Float32);
        if (values.Length > 0) System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(result.bytes);
        return result;
    }

    private static NhwcShape Shape(Tensor input) =>
        new((int)input.shape[0], (int)input.shape[2], (int)input.shape[3], (int)input.shape[1]);

    /// <summary>A new <c>[B, C, H, W]</c> float32 tensor laid out channels-last (a tensor of its own, not a view).</summary>
    internal static Tensor NewChannelsLast(NhwcShape s) =>
        empty_strided([s.Batch, s.Channels, s.Height, s.Width], [s.SampleFloats, 1, s.RowFloats, s.Channels], ScalarType.Float32);

    /// <summary><paramref name="t"/> as a contiguous <c>[B, H, W, C]</c> tensor: a view when already channels-last.</summary>
    internal static Tensor Nhwc(Tensor t)
    {
        var view = t.permute(0, 2, 3, 1);
        if (view.is_contiguous()) return view;
        using (view) return view.contiguous();
    }
}
