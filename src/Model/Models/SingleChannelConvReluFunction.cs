using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>What one call of <see cref="SingleChannelConvReluFunction"/> computes: the geometry (C channels of one
/// K×K kernel), whether a bias tensor is among the arguments, the path, and how many workers may run it.</summary>
internal sealed record SingleChannelConvReluCall(DepthwiseSimdGeometry Geometry, bool HasBias, DepthwiseSimdPath Path, int Threads);

/// <summary>ReLU(conv(x, w) + b) over one input channel as a custom autograd function: arguments
/// <c>(input, weight[, bias], SingleChannelConvReluCall)</c>, input <c>[B, 1, H, W]</c>, weight <c>[C, 1, K, K]</c>,
/// bias <c>[C]</c>; the output <c>[B, C, H, W]</c> is laid out channels-last. It saves the input (one channel) and its
/// own output (whose sign is the ReLU's gradient; the next layer saves that tensor too, so it costs nothing more) and
/// returns gradients for the weight and bias only: the input is the spectrogram, which never needs one
/// (<see cref="SingleChannelConvRelu.Applies"/>).</summary>
internal sealed class SingleChannelConvReluFunction : autograd.SingleTensorFunction<SingleChannelConvReluFunction>
{
    private const string CallKey = "call";

    public override string Name => nameof(SingleChannelConvReluFunction);

    public override unsafe Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var call = (SingleChannelConvReluCall)vars[^1];
        var input = (Tensor)vars[0];
        var weights = DepthwiseSimdFunction.Values((Tensor)vars[1]);
        var bias = call.HasBias ? DepthwiseSimdFunction.Values((Tensor)vars[2]) : new float[call.Geometry.Channels];
        var shape = Shape(input, call.Geometry);
        var output = DepthwiseSimdFunction.NewChannelsLast(shape);
        using (var packed = input.contiguous())
        using (var outputView = output.permute(0, 2, 3, 1))
        fixed (byte* x = packed.bytes)
        fixed (byte* y = outputView.bytes)
            SingleChannelConvReluRun.Forward(call.Path, call.Geometry, shape, (float*)x, weights, bias, (float*)y, call.Threads);
        ctx.save_for_backward([input, output]);
        ctx.save_data(CallKey, call);
        return output;
    }

    public override unsafe List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        using var scope = NewDisposeScope();
        var call = (SingleChannelConvReluCall)ctx.get_data(CallKey);
        var saved = ctx.get_saved_variables();
        var shape = Shape(saved[0], call.Geometry);
        var x = saved[0].contiguous();
        var y = DepthwiseSimdFunction.Nhwc(saved[1]);
        var g = DepthwiseSimdFunction.Nhwc(grad_output);
        (double[] Weight, double[] Bias) gradient;
        fixed (byte* xp = x.bytes)
        fixed (byte* yp = y.bytes)
        fixed (byte* gp = g.bytes)
            gradient = SingleChannelConvReluRun.Backward(call.Path, call.Geometry, shape, (float*)xp, (float*)yp, (float*)gp, call.Threads);

        long channels = call.Geometry.Channels, k = call.Geometry.Kernel;
        var gradients = new List<Tensor>
        {
            null!, // the input: the spectrogram needs no gradient
            DepthwiseSimdFunction.NativeCopy(Floats(gradient.Weight), [channels, 1, k, k]).MoveToOuterDisposeScope(),
        };
        if (call.HasBias) gradients.Add(DepthwiseSimdFunction.NativeCopy(Floats(gradient.Bias), [channels]).MoveToOuterDisposeScope());
        gradients.Add(null!); // the SingleChannelConvReluCall argument
        return gradients;
    }

    private static float[] Floats(double[] values) => Array.ConvertAll(values, v => (float)v);

    private static NhwcShape Shape(Tensor input, DepthwiseSimdGeometry geometry) =>
        new((int)input.shape[0], (int)input.shape[2], (int)input.shape[3], geometry.Channels);
}
