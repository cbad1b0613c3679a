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

/// <summary>Runs the depthwise kernel over a batch on raw channels-last buffers for one <see cref="DepthwiseSimdPath"/>,
/// in the <see cref="DepthwiseSimdLayout"/> <see cref="DepthwiseSimdLayouts.Choose"/> picks (or the one given: tests):
/// the lane walk here (<see cref="DepthwiseSimdKernels"/>) or the planes (<see cref="DepthwiseSimdPlanarRun"/>). The work is cut into fixed items, (sample, block of <see cref="RowsPerItem"/> output
/// rows), whatever the thread count; each item's weight-gradient partial sums are its own and are added up in item
/// order at the end, so every result is bit-identical for any number of threads or any scheduling.</summary>
internal static unsafe class DepthwiseSimdRun
{
    /// <summary>Output rows per work item: a band of 16 + K − 1 input rows is copied for 16 output rows.</summary>
    public const int RowsPerItem = 16;

    /// <summary>Forward: <paramref name="output"/> = (ReLU of) the mixed depthwise convolution of <paramref name="input"/>
    /// with the <c>[C, K, K]</c> <paramref name="combined"/> kernel.</summary>
    public static void Forward(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry, NhwcShape shape, float* input,
        float[] combined, float* output, bool relu, int threads, DepthwiseSimdLayout? layout = null)
    {
        switch (path)
        {
            case DepthwiseSimdPath.Avx512: Forward<Vector512<float>, Avx512Lanes>(geometry, shape, input, combined, output, relu, threads, layout); break;
            case DepthwiseSimdPath.Avx2: Forward<Vector256<float>, Avx2Lanes>(geometry, shape, input, combined, output, relu, threads, layout); break;
            case DepthwiseSimdPath.Scalar: Forward<float, ScalarLanes>(geometry, shape, input, combined, output, relu, threads, layout); break;
            default: throw new ArgumentOutOfRangeException(nameof(path), path, "not a kernel path");
        }
    }

    /// <summary>Backward: the input gradient into <paramref name="inputGradient"/> (skipped when null) and the combined
    /// kernel's <c>[C, K, K]</c> gradient, returned. <paramref name="gate"/> is the forward's ReLU'd output (null: no ReLU).</summary>
    public static double[] Backward(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry, NhwcShape shape, float* input,
        float* gate, float* outputGradient, float[] combined, float* inputGradient, int threads, DepthwiseSimdLayout? layout = null) => path switch
    {
        DepthwiseSimdPath.Avx512 => Backward<Vector512<float>, Avx512Lanes>(geometry, shape, input, gate, outputGradient, combined, inputGradient, threads, layout),
        DepthwiseSimdPath.Avx2 => Backward<Vector256<float>, Avx2Lanes>(geometry, shape, input, gate, outputGradient, combined, inputGradient, threads, layout),
        DepthwiseSimdPath.Scalar => Backward<float, ScalarLanes>(geometry, shape, input, gate, outputGradient, combined, inputGradient, threads, layout),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a kernel path"),
    };

    internal static int Blocks(NhwcShape shape) => (shape.Height + RowsPerItem - 1) / RowsPerItem;

    private static int BandFloats(DepthwiseSimdGeometry g, NhwcShape shape) =>
        (RowsPerItem + g.Kernel - 1) * (shape.Width + g.Kernel - 1) * shape.Channels;

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
        float* output, bool relu, int threads, DepthwiseSimdLayout? layout)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        if ((layout ?? DepthwiseSimdLayouts.Choose(g, shape.Width, TLanes.Count)) == DepthwiseSimdLayout.Planes)
            DepthwiseSimdPlanarRun.Forward<TVec, TLanes>(g, shape, input, combined, output, relu, threads);
        else ForwardLanes<TVec, TLanes>(g, shape, input, combined, output, relu, threads);
    }

    private static double[] Backward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float* gate,
        float* outputGradient, float[] combined, float* inputGradient, int threads, DepthwiseSimdLayout? layout)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec> =>
        (layout ?? DepthwiseSimdLayouts.Choose(g, shape.Width, TLanes.Count)) == DepthwiseSimdLayout.Planes
            ? DepthwiseSimdPlanarRun.Backward<TVec, TLanes>(g, shape, input, gate, outputGradient, combined, inputGradient, threads)
            : BackwardLanes<TVec, TLanes>(g, shape, input, gate, outputGradient, combined, inputGradient, threads);

    private static void ForwardLanes<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float[] combined,
        float* output, bool relu, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var plan = g.Plan(TLanes.Count, flipped: false);
        var tail = g.Plan(1, flipped: false);
        var table = g.Table(combined, plan.Period, flipped: false);
        var tailTable = g.Table(combined, tail.Period, flipped: false);
        int stride = (shape.Width + g.Kernel - 1) * shape.Channels, rowFloats = shape.RowFloats;
        int vectorEnd = rowFloats / TLanes.Count * TLanes.Count, bandFloats = BandFloats(g, shape);
        nint source = (nint)input, target = (nint)output;
        ForEachItem(shape, threads, (_, b, h0) =>
        {
            int h1 = Math.Min(shape.Height, h0 + RowsPerItem);
            var band = ArrayPool<float>.Shared.Rent(bandFloats);
            try
            {
                fixed (float* bandPointer = band)
                fixed (float* tablePointer = table)
                fixed (float* tailPointer = tailTable)
                {
                    float* sample = (float*)source + b * shape.SampleFloats;
                    DepthwiseSimdKernels.FillBand(bandPointer, sample, null, shape.Height, shape.Width, shape.Channels,
                        g.Kernel, h0 - g.Before, h1 - h0 + g.Kernel - 1, g.Before);
                    for (int h = h0; h < h1; h++)
                    {
                        float* outRow = (float*)target + b * shape.SampleFloats + (long)h * rowFloats;
                        float* bandRow = bandPointer + (long)(h - h0) * stride;
                        DepthwiseSimdKernels.CorrelateRow<TVec, TLanes>(outRow, bandRow, stride, shape.Channels, g.Kernel,
                            tablePointer, plan, 0, vectorEnd, relu);
                        if (vectorEnd < rowFloats)
                            DepthwiseSimdKernels.CorrelateRow<float, ScalarLanes>(outRow, bandRow, stride, shape.Channels, g.Kernel,
                                tailPointer, tail, vectorEnd, rowFloats, relu);
                    }
                }
            }
            finally { ArrayPool<float>.Shared.Return(band); }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its final reduction loop
    private static double[] BackwardLanes<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float* gate,
        float* outputGradient, float[] combined, float* inputGradient, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var plan = g.Plan(TLanes.Count, flipped: false);
        var tail = g.Plan(1, flipped: false);
        var flipped = g.Plan(TLanes.Count, flipped: true);
        var flippedTail = g.Plan(1, flipped: true);
        var flippedTable = g.Table(combined, flipped.Period, flipped: true);
        var flippedTailTable = g.Table(combined, flippedTail.Period, flipped: true);
        int taps = g.Kernel * g.Kernel, channels = shape.Channels;
        int stride = (shape.Width + g.Kernel - 1) * channels, rowFloats = shape.RowFloats;
        int vectorEnd = rowFloats / TLanes.Count * TLanes.Count, bandFloats = BandFloats(g, shape);
        // Per item: the vector walk's sums [K·K, Period], then the scalar tail's [K·K, C].
        int partialFloats = taps * plan.Period + taps * channels, items = shape.Batch * Blocks(shape);
        // Rented, not allocated: a fresh array of this size per step would land on the large-object heap and bring on
        // background gen-2 collections (and finalizer runs) every few steps.
        var partials = ArrayPool<float>.Shared.Rent(items * partialFloats);
        Array.Clear(partials, 0, items * partialFloats);
        try
        {
            nint x = (nint)input, y = (nint)gate, dy = (nint)outputGradient, dx = (nint)inputGradient;
            ForEachItem(shape, threads, (item, b, h0) =>
            {
                int h1 = Math.Min(shape.Height, h0 + RowsPerItem), bandRows = h1 - h0 + g.Kernel - 1;
                var gradientBand = ArrayPool<float>.Shared.Rent(bandFloats);
                var inputBand = ArrayPool<float>.Shared.Rent(bandFloats);
                try
                {
                    fixed (float* gBand = gradientBand)
                    fixed (float* xBand = inputBand)
                    fixed (float* partialPointer = &partials[item * partialFloats])
                    fixed (float* tablePointer = flippedTable)
                    fixed (float* tailTablePointer = flippedTailTable)
                    {
                        long offset = b * shape.SampleFloats;
                        // The gradient band is padded the other way round (K − 1 − before first): the input gradient is the
                        // correlation of the output gradient with the kernel rotated by 180°.
                        DepthwiseSimdKernels.FillBand(gBand, (float*)dy + offset, y == 0 ? null : (float*)y + offset,
                            shape.Height, shape.Width, channels, g.Kernel, h0 - g.After, bandRows, g.After);
                        DepthwiseSimdKernels.FillBand(xBand, (float*)x + offset, null,
                            shape.Height, shape.Width, channels, g.Kernel, h0 - g.Before, bandRows, g.Before);
                        float* vectorSums = partialPointer, tailSums = partialPointer + taps * plan.Period;
                        for (int h = h0; h < h1; h++)
                        {
                            float* gBandRow = gBand + (long)(h - h0) * stride;
                            if (dx != 0)
                            {
                                float* outRow = (float*)dx + offset + (long)h * rowFloats;
                                DepthwiseSimdKernels.CorrelateRow<TVec, TLanes>(outRow, gBandRow, stride, channels, g.Kernel,
                                    tablePointer, flipped, 0, vectorEnd, relu: false);
                                if (vectorEnd < rowFloats)
                                    DepthwiseSimdKernels.CorrelateRow<float, ScalarLanes>(outRow, gBandRow, stride, channels, g.Kernel,
                                        tailTablePointer, flippedTail, vectorEnd, rowFloats, relu: false);
                            }
                            // The (gated) output gradient of row h itself, inside its padded band.
                            float* gRow = gBandRow + (long)g.After * stride + g.After * channels;
                            float* xBandRow = xBand + (long)(h - h0) * stride;
                            DepthwiseSimdKernels.WeightGradientRow<TVec, TLanes>(vectorSums, gRow, xBandRow, stride, channels,
                                g.Kernel, plan, 0, vectorEnd);
                            if (vectorEnd < rowFloats) // a row that does not fill whole vectors: its last floats one by one
                                DepthwiseSimdKernels.WeightGradientRow<float, ScalarLanes>(tailSums, gRow, xBandRow, stride, channels,
                                    g.Kernel, tail, vectorEnd, rowFloats);
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(gradientBand);
                    ArrayPool<float>.Shared.Return(inputBand);
                }
            });

            // Items in order, each item's lanes in order: the same sum whatever ran where.
            var gradient = new double[channels * taps];
            for (int item = 0; item < items; item++)
            {
                var sums = partials.AsSpan(item * partialFloats, partialFloats);
                for (int tap = 0; tap < taps; tap++)
                {
                    for (int q = 0; q < plan.Period; q++) gradient[q % channels * taps + tap] += sums[tap * plan.Period + q];
                    for (int c = 0; c < channels; c++) gradient[c * taps + tap] += sums[taps * plan.Period + tap * channels + c];
                }
            }
            return gradient;
        }
        finally { ArrayPool<float>.Shared.Return(partials); }
    }
}
