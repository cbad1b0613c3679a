using DataflowLung.Model.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary><see cref="SingleChannelConv"/> (a training step's single-channel convolution as im2col + GEMM) against
/// libtorch's own convolution in float64 (its reference kernels, not oneDNN's): values, weight and bias gradients and
/// the input gradient, odd and even kernels through <see cref="SameConv2d"/>'s "same" geometry, with and without bias.</summary>
public sealed class SingleChannelConvTests
{
    [Theory]
    [InlineData(3, 8, true)]
    [InlineData(3, 8, false)]
    [InlineData(1, 16, true)]
    [InlineData(5, 3, true)]
    [InlineData(4, 5, false)]
    [InlineData(6, 1, true)]
    public void The_im2col_convolution_equals_libtorchs_in_values_and_every_gradient(long kernel, long outChannels, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11, CPU);
        var input = rand([3, 1, 17, 23], dtype: ScalarType.Float64, generator: generator);
        var weight = randn([outChannels, 1, kernel, kernel], dtype: ScalarType.Float64, generator: generator);
        var bias = withBias ? randn([outChannels], dtype: ScalarType.Float64, generator: generator) : null;
        var upstream = randn([3, outChannels, 17, 23], dtype: ScalarType.Float64, generator: generator);

        var expected = Run((x, w, b) => nn.functional.conv2d(x, w, b), input, weight, bias, kernel, upstream);
        var actual = Run((x, w, b) => SingleChannelConv.Convolve(x, w, b, 0), input, weight, bias, kernel, upstream);

        Assert.True(ChannelsLast.Is(actual.Output), "the result is laid out channels-last");
        foreach (var (name, a, e) in new[] { ("output", actual.Output, expected.Output), ("input grad", actual.Input, expected.Input),
                     ("weight grad", actual.Weight, expected.Weight) }.Concat(withBias ? [("bias grad", actual.Bias!, expected.Bias!)] : []))
        {
            Assert.Equal(e.shape, a.shape);
            double error = (a - e).abs().max().item<double>();
            Assert.True(error <= 1e-12 * Math.Max(1, e.abs().max().item<double>()), $"{name}: off by {error:G3}");
        }
    }

    [Fact]
    public void It_applies_only_to_a_training_steps_single_channel_plain_convolution()
    {
        using var scope = NewDisposeScope();
        var single = zeros(2, 1, 8, 8);
        var weight = zeros(4, 1, 3, 3).requires_grad_(true);
        Assert.True(SingleChannelConv.Applies(single, weight, 1, training: true));
        Assert.False(SingleChannelConv.Applies(single, weight, 1, training: false)); // inference, Grad-CAM
        Assert.False(SingleChannelConv.Applies(zeros(2, 2, 8, 8), zeros(4, 2, 3, 3).requires_grad_(true), 1, training: true));
        Assert.False(SingleChannelConv.Applies(single, zeros(4, 1, 3, 3), 1, training: true)); // frozen weight: no weight gradient
        using (no_grad()) Assert.False(SingleChannelConv.Applies(single, weight, 1, training: true));
    }

    [Fact]
    public void A_training_modules_single_channel_convolution_matches_its_evaluation_path()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3, CPU);
        using var conv = SameConv2d.Keras(1, 8, 4, generator, channelsLastOutput: true); // even kernel: TF's extra cell right/bottom
        var input = rand([2, 1, 12, 15], generator: generator);
        conv.train();
        var trained = conv.call(input);
        Assert.True(ChannelsLast.Is(trained), "training took the im2col path");
        conv.eval();
        var evaluated = conv.call(input);
        Assert.Equal(evaluated.shape, trained.shape);
        Assert.True((trained - evaluated).abs().max().item<float>() <= 1e-5f);
    }

    private sealed record Outcome(Tensor Output, Tensor Input, Tensor Weight, Tensor? Bias);

    private static Outcome Run(Func<Tensor, Tensor, Tensor?, Tensor> convolve, Tensor input, Tensor weight, Tensor? bias, long kernel, Tensor upstream)
    {
        var x = input.detach().clone().requires_grad_(true);
        var w = weight.detach().clone().requires_grad_(true);
        var b = bias?.detach().clone().requires_grad_(true);
        var y = convolve(SamePadding.PadForKernel(x, kernel), w, b);
        y.backward([upstream]);
        return new Outcome(y.detach(), x.grad!, w.grad!, b?.grad);
    }
}
