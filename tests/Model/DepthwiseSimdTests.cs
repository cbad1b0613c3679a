using DataflowLung.Model.Models;
using DataflowLung.Tests.Audio;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary><see cref="DepthwiseSimd"/> (the training step's custom mixed depthwise kernel) against libtorch's own
/// convolution in float64: each group a separate depthwise convolution on its channels with TF "same" padding, the
/// formulation the original has (not the combined kernel the libtorch path runs). Every path the CPU supports is
/// run: AVX-512F, AVX2 + FMA and scalar.
/// <para>Tolerance: the kernel gets float32 values that the float64 reference sees exactly, so the difference is the
/// kernel's own float32 rounding: sums of at most K² = 49 products (output, input gradient) or of B·H·W products (weight
/// gradient, here at most a few thousand, in several partial sums). Bounded by about n·2⁻²⁴ of the sum of the
/// magnitudes, that stays below 1e-5 of the tensor's largest value for these sizes; 1e-4 of it leaves room for
/// cancellation while any indexing, padding or tap error (an O(1) part of a value) is far above it.</para></summary>
public sealed class DepthwiseSimdTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<DepthwiseSimdPath> Paths => new(DepthwiseSimdPath.Avx512, DepthwiseSimdPath.Avx2, DepthwiseSimdPath.Scalar);

    public static TheoryData<DepthwiseSimdPath, int, string, int, int, int, bool> Cases()
    {
        var data = new TheoryData<DepthwiseSimdPath, int, string, int, int, int, bool>();
        // (batch, "channels per group : kernels", height, width, seed, relu)
        var shapes = new (int Batch, string Groups, int H, int W, bool Relu)[]
        {
            (1, "4,1,1,1,1:3,4,5,6,7", 12, 15, true),  // mixednet's first block (8 channels)
            (3, "4,3,3,3,3:3,4,5,6,7", 10, 13, false), // its second (16)
            (3, "3,2:3,4", 9, 11, false),              // 5 channels: not a multiple of any vector width
            (1, "4,2,2,2,2:3,4,5,6,7", 3, 4, true),    // smaller than the kernel; 12 channels
            (3, "2,1:4,2", 2, 2, false),               // even kernels only, 2×2 image
            (2, "12,12:3,5", 7, 9, false),             // 24 channels: an AVX-512 vector straddles pixels
            (2, "5,3:1,3", 40, 37, true),              // several row blocks, a 1×1 group
            (1, "1:7", 1, 1, false),                   // one pixel, one channel
        };
        foreach (var path in new[] { DepthwiseSimdPath.Avx512, DepthwiseSimdPath.Avx2, DepthwiseSimdPath.Scalar })
        for (int i = 0; i < shapes.Length; i++)
            data.Add(path, shapes[i].Batch, shapes[i].Groups, shapes[i].H, shapes[i].W, 100 + i, shapes[i].Relu);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void The_kernel_equals_libtorchs_per_group_convolutions_in_values_and_every_gradient(
        DepthwiseSimdPath path, int batch, string groups, int height, int width, int seed, bool relu)
    {
        SkipUnlessSupported(path);
        var (sizes, kernels) = ParseGroups(groups);
        var failures = Compare(path, batch, sizes, kernels, height, width, seed, relu);
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Random_shapes_and_group_splits_agree_with_libtorch(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        var cases =
            from batch in Gen.Choose(1, 3)
            from groupCount in Gen.Choose(1, 5)
            from sizes in Gen.ArrayOf(Gen.Choose(1, 6), groupCount)
            from kernels in Gen.ArrayOf(Gen.Choose(1, 7), groupCount)
            from height in Gen.Choose(1, 20)
            from width in Gen.Choose(1, 20)
            from seed in Gen.Choose(0, 1000)
            select (batch, sizes, kernels, height, width, seed);
        SeededProperty.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var failures = Compare(path, c.batch, c.sizes.Select(s => (long)s).ToArray(), c.kernels.Select(k => (long)k).ToArray(),
                c.height, c.width, c.seed, relu: false);
            return failures.Count == 0;
        }), 60, (ulong)path + 7);
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Results_are_bit_identical_whatever_the_thread_count(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        using var scope = NewDisposeScope();
        var (sizes, kernels) = ParseGroups("4,3,3,3,3:3,4,5,6,7");
        using var generator = new Generator(3, CPU);
        var input = ChannelsLast.Of(randn([3, 16, 37, 29], generator: generator));
        var weights = sizes.Select((s, i) => randn([s, 1, kernels[i], kernels[i]], generator: generator)).ToArray();
        var upstream = randn([3, 16, 37, 29], generator: generator);
        var runs = new[] { 1, 2, 3, 1 }.Select(threads =>
        {
            var x = input.detach().clone().requires_grad_(true);
            var w = weights.Select(t => t.detach().clone().requires_grad_(true)).ToArray();
            var y = DepthwiseSimd.Convolve(x, w, sizes, kernels, relu: true, path, threads);
            y.backward([upstream]);
            return new[] { y.detach(), x.grad! }.Concat(w.Select(t => t.grad!)).Select(t => t.contiguous().data<float>().ToArray()).ToArray();
        }).ToArray();
        foreach (var run in runs.Skip(1))
            for (int i = 0; i < run.Length; i++)
                Assert.True(run[i].AsSpan().SequenceEqual(runs[0][i]), $"tensor {i} differs between runs");
    }

    [Fact]
    public void It_applies_only_to_a_training_steps_float32_channels_last_cpu_convolution()
    {
        using var scope = NewDisposeScope();
        var input = ChannelsLast.Of(zeros(2, 8, 6, 6));
        var weights = new[] { zeros(4, 1, 3, 3).requires_grad_(true), zeros(4, 1, 5, 5).requires_grad_(true) };
        // Unforced: the kernel on a CPU with a vector path (AVX-512F or AVX2 + FMA), libtorch's convolution on one without.
        Assert.Equal(DepthwiseSimdPaths.Default != DepthwiseSimdPath.Libtorch, DepthwiseSimd.Applies(input, weights, training: true));
        Assert.Equal(DepthwiseSimdPaths.Best != DepthwiseSimdPath.Scalar, DepthwiseSimdPaths.Default == DepthwiseSimdPaths.Best);
        try
        {
            DepthwiseSimdPaths.Forced = DepthwiseSimdPaths.Best;
            CheckApplies(input, weights);
            DepthwiseSimdPaths.Forced = DepthwiseSimdPath.Libtorch;
            Assert.False(DepthwiseSimd.Applies(input, weights, training: true)); // libtorch's path forced (the bench's A/B)
        }
        finally { DepthwiseSimdPaths.Forced = null; }
    }

    private static void CheckApplies(Tensor input, Tensor[] weights)
    {
        Assert.True(DepthwiseSimd.Applies(input, weights, training: true));
        Assert.False(DepthwiseSimd.Applies(input, weights, training: false)); // inference, Grad-CAM, export
        Assert.False(DepthwiseSimd.Applies(zeros(2, 8, 6, 6), weights, training: true)); // NCHW
        Assert.False(DepthwiseSimd.Applies(input.to(ScalarType.Float64), weights, training: true)); // the float64 reference
        Assert.False(DepthwiseSimd.Applies(input, [zeros(4, 1, 3, 3), weights[1]], training: true)); // a frozen weight
        using (no_grad()) Assert.False(DepthwiseSimd.Applies(input, weights, training: true));
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Mixednet_trained_through_the_kernel_has_float64_gradients(DepthwiseSimdPath path)
    {
        SkipUnlessSupported(path);
        DepthwiseSimdPaths.Forced = path; // the float64 reference model never takes it (float32 only)
        try { new GradientReferenceTests().Every_registered_model_has_float64_input_and_weight_gradients_in_float32("mixednet"); }
        finally { DepthwiseSimdPaths.Forced = null; }
    }

    [Fact]
    public void A_training_modules_kernel_path_matches_its_libtorch_path_in_values_and_gradients()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5, CPU);
        using var mix = new MixDepthGroupConv(16, MixedNet.MixKernels, generator);
        var input = ChannelsLast.Of(randn([2, 16, 21, 19], generator: generator));
        var upstream = randn([2, 16, 21, 19], generator: generator);
        mix.train();
        var results = new[] { DepthwiseSimdPaths.Best, DepthwiseSimdPath.Libtorch }.Select(path =>
        {
            DepthwiseSimdPaths.Forced = path;
            try
            {
                mix.zero_grad();
                var x = input.detach().clone().requires_grad_(true);
                var y = mix.call(x);
                y.backward([upstream]);
                return new[] { y.detach(), x.grad! }.Concat(mix.parameters().Select(p => p.grad!.clone())).ToArray();
            }
            finally { DepthwiseSimdPaths.Forced = null; }
        }).ToArray();
        for (int i = 0; i < results[0].Length; i++)
        {
            var (a, e) = (results[0][i], results[1][i]);
            double error = (a - e).abs().max().item<float>();
            Assert.True(error <= 1e-4 * Math.Max(1, e.abs().max().item<float>()), $"tensor {i}: off by {error:G3}");
        }
        Assert.True(ChannelsLast.Is(results[0][0]), "the kernel's output is channels-last");
    }

    [Fact]
    public void Forcing_a_path_the_cpu_lacks_is_refused()
    {
        foreach (var path in new[] { DepthwiseSimdPath.Avx512, DepthwiseSimdPath.Avx2 }.Where(p => !DepthwiseSimdPaths.IsSupported(p)))
            Assert.Throws<PlatformNotSupportedException>(() => { DepthwiseSimdPaths.Forced = path; });
        Assert.True(DepthwiseSimdPaths.IsSupported(DepthwiseSimdPath.Scalar));
    }

    private static void SkipUnlessSupported(DepthwiseSimdPath path) =>
        Skip.IfNot(DepthwiseSimdPaths.IsSupported(path), path switch
        {
            DepthwiseSimdPath.Avx512 => "skipped: CPU lacks AVX-512",
            _ => "skipped: CPU lacks AVX2 + FMA",
        });

    private static (long[] Sizes, long[] Kernels) ParseGroups(string groups)
    {
        var parts = groups.Split(':');
        return (parts[0].Split(',').Select(long.Parse).ToArray(), parts[1].Split(',').Select(long.Parse).ToArray());
    }

    /// <summary>Runs the kernel (float32) and the reference (float64, same values) on one random case; the failures.</summary>
    private static List<string> Compare(DepthwiseSimdPath path, int batch, long[] sizes, long[] kernels, int height, int width,
        int seed, bool relu)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        long channels = sizes.Sum();
        var input = randn([batch, channels, height, width], generator: generator);
        var weights = sizes.Select((s, i) => randn([s, 1, kernels[i], kernels[i]], generator: generator)).ToArray();
        var upstream = randn([batch, channels, height, width], generator: generator);

        var x = ChannelsLast.Of(input.clone()).requires_grad_(true);
        var w = weights.Select(t => t.clone().requires_grad_(true)).ToArray();
        var y = DepthwiseSimd.Convolve(x, w, sizes, kernels, relu, path);
        y.backward([upstream]); // NCHW-contiguous upstream: the kernel repacks it

        var x64 = input.to(ScalarType.Float64).requires_grad_(true);
        var w64 = weights.Select(t => t.to(ScalarType.Float64).requires_grad_(true)).ToArray();
        var y64 = Reference(x64, w64, sizes, kernels, relu);
        y64.backward([upstream.to(ScalarType.Float64)]);

        var failures = new List<string>();
        if (!ChannelsLast.Is(y)) failures.Add("the output is not channels-last");
        var pairs = new[] { ("output", y.detach(), y64.detach()), ("input grad", x.grad!, x64.grad!) }
            .Concat(w.Select((t, i) => ($"weight {i} grad", t.grad!, w64[i].grad!)));
        foreach (var (name, actual, expected) in pairs)
        {
            if (!actual.shape.SequenceEqual(expected.shape)) { failures.Add($"{name}: shape"); continue; }
            if (expected.numel() == 0) continue;
            double error = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
            double scale = Math.Max(1e-3, expected.abs().max().item<double>());
            if (!(error <= Tolerance * scale))
                failures.Add($"{path} B{batch} [{string.Join(",", sizes)}]:[{string.Join(",", kernels)}] {height}×{width} seed {seed}: {name} off by {error:G3} (scale {scale:G3})");
        }
        return failures;
    }

    /// <summary>The original's formulation: each group its own depthwise k×k convolution over its channels, TF "same"
    /// padding (⌊(k−1)/2⌋ before, the rest after), concatenated; ReLU'd when asked.</summary>
    private static Tensor Reference(Tensor x, Tensor[] weights, long[] sizes, long[] kernels, bool relu)
    {
        var parts = new List<Tensor>();
        long first = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] == 0) continue;
            var slice = x.narrow(1, first, sizes[i]);
            parts.Add(nn.functional.conv2d(SamePadding.PadForKernel(slice, kernels[i]), weights[i], groups: sizes[i]));
            first += sizes[i];
        }
        var y = cat(parts, 1);
        return relu ? y.relu() : y;
    }
}
