using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DataflowLung.Model.Models;

/// <summary>Runs <see cref="SingleChannelConvRelu"/>'s kernel over a batch on raw buffers for one
/// <see cref="DepthwiseSimdPath"/>: the 1 → C convolution is the depthwise C-channel convolution of the input replicated
/// C times, so each work item fills a band with every input pixel broadcast over C floats
/// (<see cref="DepthwiseSimdKernels.FillBroadcastBand"/>) and runs the depthwise kernel's row loops on it. The same fixed
/// work items as <see cref="DepthwiseSimdRun"/> (sample, block of <see cref="DepthwiseSimdRun.RowsPerItem"/> output rows),
/// their partial sums added up in item order: every result is bit-identical for any number of threads.</summary>
internal static unsafe class SingleChannelConvReluRun
{
    /// <summary>Forward: <paramref name="output"/> (<c>[B, H, W, C]</c>) = ReLU(conv(<paramref name="input"/>,
    /// <c>[C, K, K]</c> <paramref name="weights"/>) + <paramref name="bias"/>), <paramref name="input"/> <c>[B, H, W]</c>.</summary>
    public static void Forward(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry, NhwcShape shape, float* input,
        float[] weights, float[] bias, float* output, int threads)
    {
        switch (path)
        {
            case DepthwiseSimdPath.Avx512: Forward<Vector512<float>, Avx512Lanes>(geometry, shape, input, weights, bias, output, threads); break;
            case DepthwiseSimdPath.Avx2: Forward<Vector256<float>, Avx2Lanes>(geometry, shape, input, weights, bias, output, threads); break;
            case DepthwiseSimdPath.Scalar: Forward<float, ScalarLanes>(geometry, shape, input, weights, bias, output, threads); break;
            default: throw new ArgumentOutOfRangeException(nameof(path), path, "not a kernel path");
        }
    }

    /// <summary>Backward: the <c>[C, K, K]</c> weight gradient and the <c>[C]</c> bias gradient of the output gradient
    /// gated by the forward's ReLU'd <paramref name="output"/> (kept where it is positive). No input gradient.</summary>
    public static (double[] Weight, double[] Bias) Backward(DepthwiseSimdPath path, DepthwiseSimdGeometry geometry,
        NhwcShape shape, float* input, float* output, float* outputGradient, int threads) => path switch
    {
        DepthwiseSimdPath.Avx512 => Backward<Vector512<float>, Avx512Lanes>(geometry, shape, input, output, outputGradient, threads),
        DepthwiseSimdPath.Avx2 => Backward<Vector256<float>, Avx2Lanes>(geometry, shape, input, output, outputGradient, threads),
        DepthwiseSimdPath.Scalar => Backward<float, ScalarLanes>(geometry, shape, input, output, outputGradient, threads),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a kernel path"),
    };

    /// <summary>Floats of an item's broadcast input band: its output rows plus K − 1, each W + K − 1 pixels of C.</summary>
    private static int BandFloats(DepthwiseSimdGeometry g, NhwcShape shape) =>
        (DepthwiseSimdRun.RowsPerItem + g.Kernel - 1) * (shape.Width + g.Kernel - 1) * shape.Channels;

    private static void Forward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float[] weights,
        float[] bias, float* output, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var plan = g.Plan(TLanes.Count, flipped: false);
        var tail = g.Plan(1, flipped: false);
        var table = g.Table(weights, plan.Period, flipped: false);
        var tailTable = g.Table(weights, tail.Period, flipped: false);
        var biasTable = Enumerable.Range(0, plan.Period).Select(q => bias[q % shape.Channels]).ToArray();
        int stride = (shape.Width + g.Kernel - 1) * shape.Channels, rowFloats = shape.RowFloats;
        int vectorEnd = rowFloats / TLanes.Count * TLanes.Count, bandFloats = BandFloats(g, shape);
        long imageFloats = (long)shape.Height * shape.Width;
        nint source = (nint)input, target = (nint)output;
        DepthwiseSimdRun.ForEachItem(shape, threads, (_, b, h0) =>
        {
            int h1 = Math.Min(shape.Height, h0 + DepthwiseSimdRun.RowsPerItem);
            var band = ArrayPool<float>.Shared.Rent(bandFloats);
            try
            {
                fixed (float* bandPointer = band)
                fixed (float* tablePointer = table)
                fixed (float* tailPointer = tailTable)
                fixed (float* biasPointer = biasTable)
                fixed (float* tailBiasPointer = bias)
                {
                    DepthwiseSimdKernels.FillBroadcastBand(bandPointer, (float*)source + b * imageFloats, shape.Height,
                        shape.Width, shape.Channels, g.Kernel, h0 - g.Before, h1 - h0 + g.Kernel - 1, g.Before);
                    for (int h = h0; h < h1; h++)
                    {
                        float* outRow = (float*)target + b * shape.SampleFloats + (long)h * rowFloats;
                        float* bandRow = bandPointer + (long)(h - h0) * stride;
                        DepthwiseSimdKernels.CorrelateRow<TVec, TLanes>(outRow, bandRow, stride, shape.Channels, g.Kernel,
                            tablePointer, plan, 0, vectorEnd, relu: true, biasPointer);
                        if (vectorEnd < rowFloats) // the tail's period is C: the bias itself
                            DepthwiseSimdKernels.CorrelateRow<float, ScalarLanes>(outRow, bandRow, stride, shape.Channels, g.Kernel,
                                tailPointer, tail, vectorEnd, rowFloats, relu: true, tailBiasPointer);
                    }
                }
            }
            finally { ArrayPool<float>.Shared.Return(band); }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its final reduction loop
    private static (double[] Weight, double[] Bias) Backward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape,
        float* input, float* output, float* outputGradient, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var plan = g.Plan(TLanes.Count, flipped: false);
        var tail = g.Plan(1, flipped: false);
        int taps = g.Kernel * g.Kernel, channels = shape.Channels, period = plan.Period;
        int stride = (shape.Width + g.Kernel - 1) * channels, rowFloats = shape.RowFloats;
        int vectorEnd = rowFloats / TLanes.Count * TLanes.Count, bandFloats = BandFloats(g, shape);
        long imageFloats = (long)shape.Height * shape.Width;
        // Per item: the weights' vector sums [K·K, Period], their scalar tail's [K·K, C], then the bias's [Period] and [C].
        int weightTail = taps * period, biasSums = weightTail + taps * channels, biasTail = biasSums + period;
        int partialFloats = biasTail + channels, items = shape.Batch * DepthwiseSimdRun.Blocks(shape);
        var partials = ArrayPool<float>.Shared.Rent(items * partialFloats); // rented: DepthwiseSimdRun.Backward says why
        Array.Clear(partials, 0, items * partialFloats);
        try
        {
            nint x = (nint)input, y = (nint)output, dy = (nint)outputGradient;
            DepthwiseSimdRun.ForEachItem(shape, threads, (item, b, h0) =>
            {
                int h1 = Math.Min(shape.Height, h0 + DepthwiseSimdRun.RowsPerItem);
                var inputBand = ArrayPool<float>.Shared.Rent(bandFloats);
                var gradientRows = ArrayPool<float>.Shared.Rent(DepthwiseSimdRun.RowsPerItem * rowFloats);
                try
                {
                    fixed (float* xBand = inputBand)
                    fixed (float* gRows = gradientRows)
                    fixed (float* partial = &partials[item * partialFloats])
                    {
                        long offset = b * shape.SampleFloats;
                        DepthwiseSimdKernels.FillBroadcastBand(xBand, (float*)x + b * imageFloats, shape.Height, shape.Width,
                            channels, g.Kernel, h0 - g.Before, h1 - h0 + g.Kernel - 1, g.Before);
                        // The output gradient through the ReLU, rows [h0, h1) unpadded (a 1×1 "kernel").
                        DepthwiseSimdKernels.FillBand(gRows, (float*)dy + offset, (float*)y + offset, shape.Height, shape.Width,
                            channels, 1, h0, h1 - h0, 0);
                        for (int h = h0; h < h1; h++)
                        {
                            float* gRow = gRows + (long)(h - h0) * rowFloats;
                            float* xBandRow = xBand + (long)(h - h0) * stride;
                            DepthwiseSimdKernels.WeightGradientRow<TVec, TLanes>(partial, gRow, xBandRow, stride, channels,
                                g.Kernel, plan, 0, vectorEnd);
                            DepthwiseSimdKernels.SumRow<TVec, TLanes>(partial + biasSums, gRow, plan, 0, vectorEnd);
                            if (vectorEnd < rowFloats)
                            {
                                DepthwiseSimdKernels.WeightGradientRow<float, ScalarLanes>(partial + weightTail, gRow, xBandRow,
                                    stride, channels, g.Kernel, tail, vectorEnd, rowFloats);
                                DepthwiseSimdKernels.SumRow<float, ScalarLanes>(partial + biasTail, gRow, tail, vectorEnd, rowFloats);
                            }
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(inputBand);
                    ArrayPool<float>.Shared.Return(gradientRows);
                }
            });

            // Items in order, each item's lanes in order: the same sum whatever ran where.
            var weight = new double[channels * taps];
            var bias = new double[channels];
            for (int item = 0; item < items; item++)
            {
                var sums = partials.AsSpan(item * partialFloats, partialFloats);
                for (int tap = 0; tap < taps; tap++)
                {
                    for (int q = 0; q < period; q++) weight[q % channels * taps + tap] += sums[tap * period + q];
                    for (int c = 0; c < channels; c++) weight[c * taps + tap] += sums[weightTail + tap * channels + c];
                }
                for (int q = 0; q < period; q++) bias[q % channels] += sums[biasSums + q];
                for (int c = 0; c < channels; c++) bias[c] += sums[biasTail + c];
            }
            return (weight, bias);
        }
        finally { ArrayPool<float>.Shared.Return(partials); }
    }
}
