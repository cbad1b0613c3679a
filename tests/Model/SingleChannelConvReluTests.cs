using DataflowLung.Model.Models;
using DataflowLung.Tests.Audio;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary><see cref="SingleChannelConvRelu"/> (a training step's first convolution + bias + ReLU in one kernel)
/// against libtorch's own ReLU(conv2d(x, w, b)) in float64 with TF "same" padding, in values and the weight and bias
/// gradients, on every path the CPU supports (AVX-512F, AVX2 + FMA, scalar).
/// <para>Tolerance as <see cref="DepthwiseSimdTests"/>: the kernel gets float32 values that the float64 reference sees
/// exactly, so the difference is the kernel's float32 rounding, sums of k² products plus a bias (values) or of B·H·W
/// products in several partial sums (gradients), far below 1e-4 of each tensor's largest value for these sizes, while
/// an indexing, padding, bias or gating error moves a value by an O(1) part of it.</para></summary>
public sealed class SingleChannelConvReluTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<DepthwiseSimdPath> Paths => new(DepthwiseSimdPath.Avx512, DepthwiseSimdPath.Avx2, DepthwiseSimdPath.Scalar);

    public static TheoryData<DepthwiseSimdPath, int, int, int, int, int, bool, int> Cases()
    {
        var data = new TheoryData<DepthwiseSimdPath, int, int, int, int, int, bool, int>();
        var shapes = new (int Batch, int Channels, int Kernel, int H, int W, bool Bias)[]
        {
            (2, 8, 3, 40, 37, true),   // mixednet's first convolution; several row blocks, a row not a whole number of vectors
            (3, 16, 3, 17, 23, true),  // 16 channels: one AVX-512 vector per pixel
            (1, 5, 3, 9, 11, true),    // 5: not a multiple of any vector width
            (3, 1, 3, 12, 15, true),   // 1 channel: vectors span 8 or 16 pixels
            (2, 12, 3, 7, 9, true),    // 12: an AVX-512 vector straddles pixels
            (1, 8, 3, 2, 1, true),     // smaller than the kernel
            (2, 8, 4, 10, 13, true),   // an even kernel: TF's extra cell right and bottom
            (1, 6, 5, 3, 4, false),    // no bias; the image smaller than the 5×5 kernel
            (3, 8, 1, 5, 6, true),     // 1×1
            (1, 24, 7, 1, 1, true),    // one pixel
        };
        foreach (var path in new[] { DepthwiseSimdPath.Avx512, DepthwiseSimdPath.Avx2, DepthwiseSimdPath.Scalar })
        for (int i = 0; i < shapes.Length; i++)
        {
            var s = shapes[i];
            data.Add(path, s.Batch, s.Channels, s.Kernel, s.H, s.W, s.Bias, 200 + i);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void The_kernel_equals_libtorchs_relu_of_a_convolution_in_values_and_weight_and_bias_gradients(
        DepthwiseSimdPath path, int batch, int channels, int kernel, int height, int width, bool bias, int seed)
    {
        SkipUnlessSupported(path);
        var failures = Compare(path, batch, channels, kernel, height, width, seed, bias);
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Random_shapes_agree_with_libtorch(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        var cases =
            from batch in Gen.Choose(1, 3)
            from channels in Gen.Choose(1, 20)
            from kernel in Gen.Choose(1, 7)
            from height in Gen.Choose(1, 20)
            from width in Gen.Choose(1, 20)
            from bias in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 1000)
            select (batch, channels, kernel, height, width, bias, seed);
        SeededProperty.Check(Prop.ForAll(cases.ToArbitrary(), c =>
            Compare(path, c.batch, c.channels, c.kernel, c.height, c.width, c.seed, c.bias).Count == 0), 60, (ulong)path + 31);
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Results_are_bit_identical_whatever_the_thread_count(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        using var scope = NewDisposeScope();
        using var generator = new Generator(4, CPU);
        var input = randn([3, 1, 45, 29], generator: generator);
        var weight = randn([8, 1, 3, 3], generator: generator);
        var bias = randn([8], generator: generator);
        var upstream = randn([3, 8, 45, 29], generator: generator);
        var runs = new[] { 1, 2, 3, 1 }.Select(threads =>
        {
            var w = weight.detach().clone().requires_grad_(true);
            var b = bias.detach().clone().requires_grad_(true);
            var y = SingleChannelConvRelu.Convolve(input, w, b, path, threads);
            y.backward([upstream]);
            return new[] { y.detach(), w.grad!, b.grad! }.Select(t => t.contiguous().data<float>().ToArray()).ToArray();
        }).ToArray();
        foreach (var run in runs.Skip(1))
            for (int i = 0; i < run.Length; i++)
                Assert.True(run[i].AsSpan().SequenceEqual(runs[0][i]), $"tensor {i} differs between runs");
    }

    [Fact]
    public void It_applies_only_to_a_training_steps_float32_convolution_of_an_input_without_gradient()
    {
        using var scope = NewDisposeScope();
        var input = zeros(2, 1, 8, 8);
        var weight = zeros(8, 1, 3, 3).requires_grad_(true);
        var bias = zeros(8).requires_grad_(true);
        // Unforced: the kernel on a CPU with a vector path, as the depthwise kernel (one switch for both).
        Assert.Equal(DepthwiseSimdPaths.Default != DepthwiseSimdPath.Libtorch, SingleChannelConvRelu.Applies(input, weight, bias, 1, training: true));
        try
        {
            DepthwiseSimdPaths.Forced = DepthwiseSimdPaths.Best;
            Assert.True(SingleChannelConvRelu.Applies(input, weight, bias, 1, training: true));
            Assert.True(SingleChannelConvRelu.Applies(input, weight, null, 1, training: true)); // no bias
            Assert.False(SingleChannelConvRelu.Applies(input, weight, bias, 1, training: false)); // inference, Grad-CAM, export
            Assert.False(SingleChannelConvRelu.Applies(zeros(2, 1, 8, 8).requires_grad_(true), weight, bias, 1,
                training: true)); // an input that needs a gradient (the kernel computes none)
            Assert.False(SingleChannelConvRelu.Applies(input.to(ScalarType.Float64), weight, bias, 1, training: true)); // float64
            Assert.False(SingleChannelConvRelu.Applies(zeros(2, 2, 8, 8), zeros(8, 2, 3, 3).requires_grad_(true), bias, 1, training: true));
            Assert.False(SingleChannelConvRelu.Applies(input, zeros(8, 1, 3, 3), bias, 1, training: true)); // a frozen weight
            Assert.False(SingleChannelConvRelu.Applies(input, weight, zeros(8), 1, training: true)); // a frozen bias
            using (no_grad()) Assert.False(SingleChannelConvRelu.Applies(input, weight, bias, 1, training: true));
            DepthwiseSimdPaths.Forced = DepthwiseSimdPath.Libtorch;
            Assert.False(SingleChannelConvRelu.Applies(input, weight, bias, 1, training: true)); // libtorch forced (the bench's A/B)
        }
        finally { DepthwiseSimdPaths.Forced = null; }
    }

    [Fact]
    public void The_kernel_refuses_an_input_that_needs_a_gradient()
    {
        using var scope = NewDisposeScope();
        var input = zeros(1, 1, 4, 4).requires_grad_(true);
        var weight = zeros(2, 1, 3, 3).requires_grad_(true);
        var error = Assert.Throws<ArgumentException>(() => SingleChannelConvRelu.Convolve(input, weight, null, DepthwiseSimdPath.Scalar));
        Assert.Contains("input gradient", error.Message);
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void A_training_modules_fused_path_matches_its_libtorch_path_and_evaluation(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        using var scope = NewDisposeScope();
        using var generator = new Generator(6, CPU);
        using var conv = SameConv2d.Keras(1, 8, 3, generator, channelsLastOutput: true);
        using (no_grad()) conv.parameters().Last().copy_(randn([8], generator: generator) * 0.1); // a nonzero bias
        var input = randn([2, 1, 21, 19], generator: generator);
        var upstream = randn([2, 8, 21, 19], generator: generator);
        conv.train();
        var results = new DepthwiseSimdPath?[] { path, DepthwiseSimdPath.Libtorch }.Select(forced =>
        {
            DepthwiseSimdPaths.Forced = forced;
            try
            {
                Assert.Equal(forced != DepthwiseSimdPath.Libtorch, SingleChannelConvRelu.Applies(input, conv.Weight, conv.parameters().Last(), 1, true));
                conv.zero_grad();
                var y = conv.CallRelu(input);
                y.backward([upstream]);
                return new[] { y.detach() }.Concat(conv.parameters().Select(p => p.grad!.clone())).ToArray();
            }
            finally { DepthwiseSimdPaths.Forced = null; }
        }).ToArray();
        conv.eval();
        using (no_grad()) results = [.. results, [conv.CallRelu(input)]];
        Assert.True(ChannelsLast.Is(results[0][0]), "the fused path's output is channels-last");
        foreach (var other in results.Skip(1))
            for (int i = 0; i < other.Length; i++)
            {
                var (a, e) = (results[0][i], other[i]);
                double error = (a - e).abs().max().item<float>();
                Assert.True(error <= 1e-4 * Math.Max(1, e.abs().max().item<float>()), $"tensor {i}: off by {error:G3}");
            }
    }

    [Fact]
    public void Mixednets_first_block_takes_the_fused_path_while_training_and_matches_libtorchs()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8, CPU);
        using var block = new MixedNetBlock(1, 8, MixedNet.MixKernels, generator);
        var conv = block.named_modules().Single(m => m.name == "conv").module as SameConv2d;
        int convCalls = 0;
        var hook = conv!.register_forward_hook((_, _, output) => { convCalls++; return output; });
        var input = randn([2, 1, 24, 31], generator: generator);
        var upstream = randn([2, 8, 12, 16], generator: generator);
        block.train();
        var results = new[] { DepthwiseSimdPaths.Best, DepthwiseSimdPath.Libtorch }.Select(forced =>
        {
            DepthwiseSimdPaths.Forced = forced;
            try
            {
                convCalls = 0;
                block.zero_grad();
                var y = block.call(input);
                y.backward([upstream]);
                // The fused kernel is not the module's call: its hook does not fire (Grad-CAM hooks `activated` instead).
                Assert.Equal(forced == DepthwiseSimdPath.Libtorch ? 1 : 0, convCalls);
                return new[] { y.detach() }.Concat(block.parameters().Select(p => p.grad!.clone())).ToArray();
            }
            finally { DepthwiseSimdPaths.Forced = null; }
        }).ToArray();
        hook.remove();
        for (int i = 0; i < results[0].Length; i++)
        {
            var (a, e) = (results[0][i], results[1][i]);
            double error = (a - e).abs().max().item<float>();
            Assert.True(error <= 1e-4 * Math.Max(1, e.abs().max().item<float>()), $"tensor {i}: off by {error:G3}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Mixednet_trained_through_the_kernel_has_float64_weight_gradients(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        DepthwiseSimdPaths.Forced = path; // both kernels; the float64 reference model takes neither (float32 only)
        try { new GradientReferenceTests().CheckGradients("mixednet", inputGradient: false); }
        finally { DepthwiseSimdPaths.Forced = null; }
    }

    private static void SkipUnlessSupported(DepthwiseSimdPath path) =>
        Skip.IfNot(DepthwiseSimdPaths.IsSupported(path), path switch
        {
            DepthwiseSimdPath.Avx512 => "skipped: CPU lacks AVX-512",
            _ => "skipped: CPU lacks AVX2 + FMA",
        });

    /// <summary>Runs the kernel (float32) and the reference (float64, same values) on one random case; the failures.</summary>
    private static List<string> Compare(DepthwiseSimdPath path, int batch, int channels, int kernel, int height, int width,
        int seed, bool bias)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var input = randn([batch, 1, height, width], generator: generator);
        var weight = randn([channels, 1, kernel, kernel], generator: generator);
        var biasValues = randn([channels], generator: generator);
        var upstream = randn([batch, channels, height, width], generator: generator);

        var w = weight.clone().requires_grad_(true);
        var b = bias ? biasValues.clone().requires_grad_(true) : null;
        var y = SingleChannelConvRelu.Convolve(input, w, b, path);
        y.backward([upstream]); // NCHW-contiguous upstream: the kernel repacks it

        var w64 = weight.to(ScalarType.Float64).requires_grad_(true);
        var b64 = bias ? biasValues.to(ScalarType.Float64).requires_grad_(true) : null;
        var y64 = nn.functional.conv2d(SamePadding.PadForKernel(input.to(ScalarType.Float64), kernel), w64, b64).relu();
        y64.backward([upstream.to(ScalarType.Float64)]);

        var failures = new List<string>();
        if (!ChannelsLast.Is(y)) failures.Add("the output is not channels-last");
        var pairs = new List<(string, Tensor, Tensor)> { ("output", y.detach(), y64.detach()), ("weight grad", w.grad!, w64.grad!) };
        if (bias) pairs.Add(("bias grad", b!.grad!, b64!.grad!));
        foreach (var (name, actual, expected) in pairs)
        {
            if (!actual.shape.SequenceEqual(expected.shape)) { failures.Add($"{name}: shape"); continue; }
            double error = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
            double scale = Math.Max(1e-3, expected.abs().max().item<double>());
            if (!(error <= Tolerance * scale))
                failures.Add($"{path} B{batch} C{channels} k{kernel} {height}×{width} bias {bias} seed {seed}: {name} off by {error:G3} (scale {scale:G3})");
        }
        return failures;
    }
}
