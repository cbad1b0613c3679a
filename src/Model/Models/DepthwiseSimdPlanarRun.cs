using System.Buffers;
using System.Runtime.CompilerServices;

namespace DataflowLung.Model.Models;

/// <summary>The <see cref="DepthwiseSimdLayout.Planes"/> formulation of <see cref="DepthwiseSimdRun"/>: per work item the
/// zero-padded band is transposed into one plane per channel, each channel runs its own k×k kernel with vectors across
/// the pixels of a row (<see cref="DepthwiseSimdPlanes"/>), and outputs and input gradients are transposed back into
/// channels-last rows. The same fixed work items; each item's weight-gradient sums (per channel, per tap of its own
/// kernel, one vector) are its own and are added up in item order, then lane order: bit-identical for any thread count.</summary>
internal static unsafe class DepthwiseSimdPlanarRun
{
    public static void Forward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float[] combined,
        float* output, bool relu, int threads)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        var weights = g.ChannelWeights(combined, flipped: false);
        bool vectors = TLanes.Count > 1;
        int taps = g.Kernel * g.Kernel, lanes = TLanes.Count, vectorWidth = PlaneLayout.VectorWidth(shape.Width, lanes);
        var bandLayout = PlaneLayout.Band(shape.Channels, shape.Width, g.Kernel, lanes);
        var outputLayout = PlaneLayout.Output(shape.Channels, shape.Width, lanes);
        nint source = (nint)input, target = (nint)output;
        DepthwiseSimdRun.ForEachItem(shape, threads, (_, b, h0) =>
        {
            int rows = Math.Min(shape.Height, h0 + DepthwiseSimdRun.RowsPerItem) - h0;
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
    public static double[] Backward<TVec, TLanes>(DepthwiseSimdGeometry g, NhwcShape shape, float* input, float* gate,
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
        int channelFloats = taps * lanes, partialFloats = channels * channelFloats, items = shape.Batch * DepthwiseSimdRun.Blocks(shape);
        // Rented, not allocated: a fresh array of this size per step would land on the large-object heap and bring on
        // background gen-2 collections (and finalizer runs) every few steps. Every slot read is written by its item.
        var partials = ArrayPool<float>.Shared.Rent(items * partialFloats);
        try
        {
            nint x = (nint)input, y = (nint)gate, dy = (nint)outputGradient, dx = (nint)inputGradient;
            DepthwiseSimdRun.ForEachItem(shape, threads, (item, b, h0) =>
            {
                int rows = Math.Min(shape.Height, h0 + DepthwiseSimdRun.RowsPerItem) - h0, bandRows = rows + g.Kernel - 1;
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
