using DataflowLung.Model.Models;
using DataflowLung.Tests.Audio;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Model;

/// <summary>The depthwise kernel's planar layout (<see cref="DepthwiseSimdPlanarRun"/>) on raw buffers: its transposes
/// between channels-last rows and channel planes against plain indexing, and the whole forward and backward against the
/// lane walk (<see cref="DepthwiseSimdLayout.Lanes"/>, itself checked against libtorch in float64 by
/// <see cref="DepthwiseSimdTests"/>) on every path, for channel counts and widths that are and are not multiples of the
/// vectors. The two layouts sum the same products in different orders, so they agree to float32 rounding of sums of at
/// most a few thousand products: 1e-4 of the largest value, as in <see cref="DepthwiseSimdTests"/>.</summary>
public sealed unsafe class DepthwiseSimdPlanesTests
{
    public static TheoryData<DepthwiseSimdPath> Paths => new(DepthwiseSimdPath.Avx512, DepthwiseSimdPath.Avx2, DepthwiseSimdPath.Scalar);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rows_go_to_planes_and_back_with_the_gate_applied(bool vectors)
    {
        var cases =
            from channels in Gen.Elements(1, 3, 5, 8, 12, 16, 24, 29)
            from width in Gen.Choose(1, 40)
            from seed in Gen.Choose(0, 1000)
            select (channels, width, seed);
        SeededProperty.Check(Prop.ForAll(cases.ToArbitrary(), c => RoundTrip(c.channels, c.width, c.seed, vectors)), 80, vectors ? 11UL : 12UL);
    }

    private static bool RoundTrip(int channels, int width, int seed, bool vectors)
    {
        var random = new Random(seed);
        var source = Enumerable.Range(0, channels * width).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var gate = Enumerable.Range(0, channels * width).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        long planeFloats = width + 3; // a plane longer than the row: the transposes must use the stride
        var planes = new float[channels * planeFloats];
        var gated = new float[channels * planeFloats];
        var back = new float[channels * width];
        fixed (float* s = source)
        fixed (float* g = gate)
        fixed (float* p = planes)
        fixed (float* q = gated)
        fixed (float* b = back)
        {
            DepthwiseSimdTranspose.ToPlanes(s, null, width, channels, p, planeFloats, vectors);
            DepthwiseSimdTranspose.ToPlanes(s, g, width, channels, q, planeFloats, vectors);
            DepthwiseSimdTranspose.FromPlanes(p, planeFloats, width, channels, b, vectors);
        }
        for (int x = 0; x < width; x++)
        for (int c = 0; c < channels; c++)
        {
            float value = source[x * channels + c];
            if (planes[c * planeFloats + x] != value) return false;
            if (gated[c * planeFloats + x] != (gate[x * channels + c] > 0f ? value : 0f)) return false;
        }
        return back.AsSpan().SequenceEqual(source);
    }

    [Fact]
    public void Mixednets_first_blocks_take_the_planes_and_its_wide_ones_the_lanes()
    {
        int[] channels = [8, 16, 32, 64, 128], widths = [313, 157, 79, 40, 20];
        DepthwiseSimdLayout At(int block, int lanes) => DepthwiseSimdLayouts.Choose(
            DepthwiseSimdGeometry.Of(MixDepthGroupConv.GroupSizes(channels[block], 5), MixedNet.MixKernels), widths[block], lanes);
        Assert.Equal([DepthwiseSimdLayout.Planes, DepthwiseSimdLayout.Planes, DepthwiseSimdLayout.Lanes, DepthwiseSimdLayout.Lanes,
            DepthwiseSimdLayout.Lanes], Enumerable.Range(0, 5).Select(b => At(b, 16)));
        Assert.Equal(DepthwiseSimdLayout.Planes, At(0, 8));
        // One float per vector: the lane walk already runs each channel's own taps, and the planes would only add transposes.
        Assert.All(Enumerable.Range(0, 5), b => Assert.Equal(DepthwiseSimdLayout.Lanes, At(b, 1)));
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void The_planes_compute_what_the_lane_walk_computes_and_do_not_depend_on_the_thread_count(DepthwiseSimdPath path)
    {
        Skip.IfNot(DepthwiseSimdPaths.IsSupported(path), $"skipped: the CPU cannot run the {path} path");
        var cases =
            from batch in Gen.Choose(1, 2)
            from groupCount in Gen.Choose(1, 5)
            from sizes in Gen.ArrayOf(Gen.Choose(1, 9), groupCount)
            from kernels in Gen.ArrayOf(Gen.Choose(1, 7), groupCount)
            from height in Gen.Choose(1, 35)
            from width in Gen.Choose(1, 40)
            from relu in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 1000)
            select (batch, sizes, kernels, height, width, relu, seed);
        SeededProperty.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var geometry = DepthwiseSimdGeometry.Of(c.sizes.Select(s => (long)s).ToArray(), c.kernels.Select(k => (long)k).ToArray());
            var shape = new NhwcShape(c.batch, c.height, c.width, geometry.Channels);
            var lanes = Run(path, geometry, shape, c.relu, c.seed, DepthwiseSimdLayout.Lanes, threads: 2);
            var planes = Run(path, geometry, shape, c.relu, c.seed, DepthwiseSimdLayout.Planes, threads: 2);
            var planesOneThread = Run(path, geometry, shape, c.relu, c.seed, DepthwiseSimdLayout.Planes, threads: 1);
            for (int i = 0; i < lanes.Length; i++)
            {
                double scale = Math.Max(1e-3, lanes[i].Max(v => Math.Abs(v)));
                double error = lanes[i].Zip(planes[i], (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
                if (!(error <= 1e-4 * scale)) return false;
                if (!planes[i].AsSpan().SequenceEqual(planesOneThread[i])) return false;
            }
            return true;
        }), 60, (ulong)path + 21);
    }

    /// <summary>Forward output, input gradient and combined weight gradient of one random case on one layout.</summary>
    private static double[][] Run(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry, NhwcShape shape, bool relu, int seed,
        DepthwiseSimdLayout layout, int threads)
    {
        var random = new Random(seed);
        float[] Values(long n) => Enumerable.Range(0, (int)n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        long floats = shape.Batch * shape.SampleFloats;
        var input = Values(floats);
        var combined = geometry.Combine(geometry.ChannelKernels.Select(k => Values(k * k)).ToArray());
        var upstream = Values(floats);
        var output = new float[floats];
        var inputGradient = new float[floats];
        double[] weightGradient;
        fixed (float* x = input)
        fixed (float* y = output)
        fixed (float* g = upstream)
        fixed (float* dx = inputGradient)
        {
            DepthwiseSimdRun.Forward(path, geometry, shape, x, combined, y, relu, threads, layout);
            weightGradient = DepthwiseSimdRun.Backward(path, geometry, shape, x, relu ? y : null, g, combined, dx, threads, layout);
        }
        // Each channel's own k×k taps of the combined gradient (the lane walk also sums the zero taps around them).
        var ownTaps = Enumerable.Range(0, geometry.Channels).SelectMany(c => geometry.Split(weightGradient, c, 1)).Select(v => (double)v);
        return [output.Select(v => (double)v).ToArray(), inputGradient.Select(v => (double)v).ToArray(), ownTaps.ToArray()];
    }
}
