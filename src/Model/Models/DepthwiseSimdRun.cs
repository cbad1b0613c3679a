using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DataflowLung.Model.Models;

/// <summary>The sizes of one call: batch, height, width and channels of the channels-last (<c>[B, H, W, C]</c>) tensors.</summary>
internal readonly record struct NhwcShape(int Batch, int Height, int Width, int Channels)
{
    public int RowFloats => Width * Channels;
    public long SampleFloats => (long)Height * Width * Channels;
}

/// <summary>Runs <see cref="DepthwiseSimdKernels"/> over a batch on raw channels-last buffers for one
/// <see cref="DepthwiseSimdPath"/>. The work is cut into fixed items, (sample, block of <see cref="RowsPerItem"/> output
/// rows), whatever the thread count; each item's weight-gradient partial sums are its own and are added up in item
/// order at the end, so every result is bit-identical for any number of threads or any scheduling.</summary>
internal static unsafe class DepthwiseSimdRun
{
    /// <summary>Output rows per work item: a band of 16 + K − 1 input rows is copied for 16 output rows.</summary>
    public const int RowsPerItem = 16;

    /// <summary>Forward: <paramref name="output"/> = (ReLU of) the mixed depthwise convolution of <paramref name="input"/>
    /// with the <c>[C, K, K]</c> <paramref name="combined"/> kernel.</summary>
    public static void Forward(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry, NhwcShape shape, float* input,
        float[] combined, float* output, bool relu, int threads)
    {
        switch (path)
        {
            case DepthwiseSimdPath.Avx512: Forward<Vector512<float>, Avx512Lanes>(geometry, shape, input, combined, output, relu, threads); break;
            case DepthwiseSimdPath.Avx2: Forward<Vector256<float>, Avx2Lanes>(geometry, shape, input, combined, output, relu, threads); break;
            case DepthwiseSimdPath.Scalar: Forward<float, ScalarLanes>(geometry, shape, input, combined, output, relu, threads); break;
            default: throw new ArgumentOutOfRangeException(nameof(path), path, "not a kernel path");
        }
    }

    /// <summary>Backward: the input gradient into <paramref name="inputGradient"/> (skipped when null) and the combined
    /// kernel's <c>[C, K, K]</c> gradient, returned. <paramref name="gate"/> is the forward's ReLU'd output (null: no ReLU).</summary>
    public static double[] Backward(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry, NhwcShape shape, float* input,
        float* gate, float* outputGradient, float[] combined, float* inputGradient, int threads) => path switch
    {
        DepthwiseSimdPath.Avx512 => Backward<Vector512<float>, Avx512Lanes>(geometry, shape, input, gate, outputGradient, combined, inputGradient, threads),
        DepthwiseSimdPath.Avx2 => Backward<Vector256<float>, Avx2Lanes>(geometry, shape, input, gate, outputGradient, combined, inputGradient, threads),
        DepthwiseSimdPath.Scalar => Backward<float, ScalarLanes>(geometry, shape, input, gate, outputGradient, combined, inputGradient, threads),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a kernel path"),
    };

    internal static int Blocks(NhwcShape shape) => (shape.Height + RowsPerItem - 1) / RowsPerItem;

    /// <summary>Runs <paramref name="body"/>(item, sample, first row) over the fixed work items, on at most
    /// <paramref name="threads"/> workers.</summary>
    internal static void ForEachItem(NhwcShape shape, int threads, Action<int, int, int> body)
    {
        int blocks = Blocks(shape), items = shape.Batch * blocks;
        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, item =>
        {
            int b = item / blocks, h0 = item % blocks * RowsPerItem;
            body(item, b, h0);
        });
    }

    private static void Forward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float[] combined,
        float* output, bool relu, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var weights = g.ChannelWeights(combined, flipped: false);
        bool vectors = TLanes.Count > 1;
        int taps = g.Kernel * g.Kernel, lanes = TLanes.Count, vectorWidth = PlaneLayout.VectorWidth(shape.Width, lanes);
        var bandLayout = PlaneLayout.Band(shape.Channels, shape.Width, g.Kernel, lanes);
        var outputLayout = PlaneLayout.Output(shape.Channels, shape.Width, lanes);
        nint source = (nint)input, target = (nint)output;
        ForEachItem(shape, threads, (_, b, h0) =>
        {
            int rows = Math.Min(shape.Height, h0 + RowsPerItem) - h0;
            var band = ArrayPool<float>.Shared.Rent(bandLayout.Floats);
            var planes = ArrayPool<float>.Shared.Rent(outputLayout.Floats);
            try
            {
                fixed (float* bandPointer = band)
                fixed (float* planePointer = planes)
                fixed (float* weightPointer = weights)
                {
                    long offset = b * shape.SampleFloats;
                    DepthwiseSimdPlanes.FillPlanes(bandPointer, bandLayout, (float*)source + offset, null, shape.Height,
                        shape.Width, h0 - g.Before, rows + g.Kernel - 1, g.Before, vectors);
                    for (int c = 0; c < shape.Channels; c++)
                    {
                        int o = g.Offset(c);
                        DepthwiseSimdPlanes.CorrelatePlane<TVec, TLanes>(planePointer + c * outputLayout.PlaneFloats,
                            outputLayout.Stride, bandPointer + c * bandLayout.PlaneFloats + o * bandLayout.Stride + o,
                            bandLayout.Stride, rows, vectorWidth, g.ChannelKernels[c], weightPointer + c * taps, relu);
                    }
                    DepthwiseSimdPlanes.WritePlanes((float*)target + offset, shape.Width, h0, rows, planePointer, outputLayout, vectors);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(band);
                ArrayPool<float>.Shared.Return(planes);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its final reduction loop
    private static double[] Backward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float* gate,
        float* outputGradient, float[] combined, float* inputGradient, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var flippedWeights = g.ChannelWeights(combined, flipped: true);
        bool vectors = TLanes.Count > 1;
        int taps = g.Kernel * g.Kernel, channels = shape.Channels, lanes = TLanes.Count;
        int vectorWidth = PlaneLayout.VectorWidth(shape.Width, lanes);
        var bandLayout = PlaneLayout.Band(channels, shape.Width, g.Kernel, lanes);
        var outputLayout = PlaneLayout.Output(channels, shape.Width, lanes);
        // Per item and channel: a vector of sums per tap of its own kernel, [k², lanes], at a K²-tap stride.
        int channelFloats = taps * lanes, partialFloats = channels * channelFloats, items = shape.Batch * Blocks(shape);
        // Rented, not allocated: a fresh array of this size per step would land on the large-object heap and bring on
        // background gen-2 collections (and finalizer runs) every few steps. Every slot read is written by its item.
        var partials = ArrayPool<float>.Shared.Rent(items * partialFloats);
        try
        {
            nint x = (nint)input, y = (nint)gate, dy = (nint)outputGradient, dx = (nint)inputGradient;
            ForEachItem(shape, threads, (item, b, h0) =>
            {
                int rows = Math.Min(shape.Height, h0 + RowsPerItem) - h0, bandRows = rows + g.Kernel - 1;
                var gradientBand = ArrayPool<float>.Shared.Rent(bandLayout.Floats);
                var inputBand = ArrayPool<float>.Shared.Rent(bandLayout.Floats);
                var planes = dx == 0 ? null : ArrayPool<float>.Shared.Rent(outputLayout.Floats);
                try
                {
                    fixed (float* gBand = gradientBand)
                    fixed (float* xBand = inputBand)
                    fixed (float* planePointer = planes)
                    fixed (float* partialPointer = &partials[item * partialFloats])
                    fixed (float* weightPointer = flippedWeights)
                    {
                        long offset = b * shape.SampleFloats;
                        // The gradient band is padded the other way round (K − 1 − before first): the input gradient is the
                        // correlation of the output gradient with the kernel rotated by 180°.
                        DepthwiseSimdPlanes.FillPlanes(gBand, bandLayout, (float*)dy + offset, y == 0 ? null : (float*)y + offset,
                            shape.Height, shape.Width, h0 - g.After, bandRows, g.After, vectors);
                        DepthwiseSimdPlanes.FillPlanes(xBand, bandLayout, (float*)x + offset, null,
                            shape.Height, shape.Width, h0 - g.Before, bandRows, g.Before, vectors);
                        for (int c = 0; c < channels; c++)
                        {
                            int k = g.ChannelKernels[c], o = g.Offset(c), s = g.FlippedOffset(c);
                            float* gPlane = gBand + c * bandLayout.PlaneFloats, xPlane = xBand + c * bandLayout.PlaneFloats;
                            if (dx != 0)
                                DepthwiseSimdPlanes.CorrelatePlane<TVec, TLanes>(planePointer + c * outputLayout.PlaneFloats,
                                    outputLayout.Stride, gPlane + s * bandLayout.Stride + s, bandLayout.Stride, rows, vectorWidth,
                                    k, weightPointer + c * taps, relu: false);
                            // The (gated) output gradient of row h0 itself, inside its padded plane.
                            DepthwiseSimdPlanes.WeightGradientPlane<TVec, TLanes>(partialPointer + c * channelFloats,
                                gPlane + g.After * bandLayout.Stride + g.After, bandLayout.Stride,
                                xPlane + o * bandLayout.Stride + o, bandLayout.Stride, rows, vectorWidth, k);
                        }
                        if (dx != 0)
                            DepthwiseSimdPlanes.WritePlanes((float*)dx + offset, shape.Width, h0, rows, planePointer, outputLayout, vectors);
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(gradientBand);
                    ArrayPool<float>.Shared.Return(inputBand);
                    if (planes is not null) ArrayPool<float>.Shared.Return(planes);
                }
            });

            // Items in order, each item's lanes in order: the same sum whatever ran where.
            var gradient = new double[channels * taps];
            for (int item = 0; item < items; item++)
            for (int c = 0; c < channels; c++)
            {
                int k = g.ChannelKernels[c], o = g.Offset(c);
                var sums = partials.AsSpan(item * partialFloats + c * channelFloats, channelFloats);
                for (int ty = 0; ty < k; ty++)
                for (int tx = 0; tx < k; tx++)
                {
                    double total = 0;
                    var lane = sums.Slice((ty * k + tx) * lanes, lanes);
                    for (int l = 0; l < lanes; l++) total += lane[l];
                    gradient[c * taps + (ty + o) * g.Kernel + tx + o] += total;
                }
            }
            return gradient;
        }
        finally { ArrayPool<float>.Shared.Return(partials); }
    }
}
