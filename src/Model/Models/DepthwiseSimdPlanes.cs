using System.Runtime.CompilerServices;

namespace DataflowLung.Model.Models;

/// <summary>The sizes of one work item's <em>planar</em> buffers: per channel a plane of <see cref="Rows"/> rows of
/// <see cref="Stride"/> floats. A band plane holds an item's input rows with zero columns before and after the image's
/// <c>W</c>; an output plane holds its output rows, <see cref="VectorWidth"/> (W rounded up to whole vectors) wide.</summary>
internal readonly record struct PlaneLayout(int Channels, int Rows, int Stride)
{
    public int PlaneFloats => Rows * Stride;
    public int Floats => Channels * PlaneFloats;

    /// <summary>W rounded up to a multiple of <paramref name="lanes"/>: every output row is whole vectors.</summary>
    public static int VectorWidth(int width, int lanes) => (width + lanes - 1) / lanes * lanes;

    /// <summary>An item's band planes: <see cref="DepthwiseSimdRun.RowsPerItem"/> + K − 1 rows of the vector width +
    /// K − 1 columns, so every tap of every output vector reads inside its plane.</summary>
    public static PlaneLayout Band(int channels, int width, int kernel, int lanes) =>
        new(channels, DepthwiseSimdRun.RowsPerItem + kernel - 1, VectorWidth(width, lanes) + kernel - 1);

    /// <summary>An item's output planes: <see cref="DepthwiseSimdRun.RowsPerItem"/> rows of the vector width.</summary>
    public static PlaneLayout Output(int channels, int width, int lanes) =>
        new(channels, DepthwiseSimdRun.RowsPerItem, VectorWidth(width, lanes));
}

/// <summary>The inner loops of <see cref="DepthwiseSimd"/>: each channel with its own k×k kernel only, vectors across
/// the pixels of a row. Channels-last rows are first transposed into zero-padded per-channel planes
/// (<see cref="FillPlanes"/>), computed plane by plane, and transposed back (<see cref="WritePlanes"/>), so a vector
/// never multiplies the zeros around a small kernel inside the combined K×K one (at 8 channels, kernels 3–7: 162 real
/// multiply-adds per pixel against the 392 of vectors across channels). Output rows are padded to whole vectors
/// (the extra columns are computed from zeros and never written back) so the loops have no tails. Nothing here
/// allocates; the loops are compiled fully optimised at once.</summary>
internal static unsafe class DepthwiseSimdPlanes
{
    /// <summary>Transposes image rows <c>[firstRow, firstRow + rows)</c> of one channels-last sample
    /// (<paramref name="image"/>, <c>[H, W, C]</c>) into <paramref name="planes"/> (<paramref name="layout"/>): row r of
    /// channel c's plane holds <paramref name="padLeft"/> zeros, the row's W values, then zeros to the stride; rows
    /// outside the image are zeros. With a <paramref name="gate"/> (a ReLU's output, same layout) a value is kept only
    /// where the gate is positive: the gradient through the ReLU. <paramref name="vectors"/>: transpose with vector
    /// registers (<see cref="DepthwiseSimdTranspose"/>), as the vector paths do; the scalar path copies value by value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FillPlanes(float* planes, PlaneLayout layout, float* image, float* gate, int height, int width,
        int firstRow, int rows, int padLeft, bool vectors)
    {
        int channels = layout.Channels, stride = layout.Stride, planeFloats = layout.PlaneFloats;
        int after = stride - padLeft - width;
        for (int r = 0; r < rows; r++)
        {
            int imageRow = firstRow + r;
            if (imageRow < 0 || imageRow >= height)
            {
                for (int c = 0; c < channels; c++) new Span<float>(planes + (long)c * planeFloats + r * stride, stride).Clear();
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                float* row = planes + (long)c * planeFloats + r * stride;
                new Span<float>(row, padLeft).Clear();
                new Span<float>(row + padLeft + width, after).Clear();
            }
            float* source = image + (long)imageRow * width * channels;
            float* target = planes + r * stride + padLeft;
            DepthwiseSimdTranspose.ToPlanes(source, gate is null ? null : gate + (long)imageRow * width * channels, width,
                channels, target, planeFloats, vectors);
        }
    }

    /// <summary>Transposes output planes back into channels-last rows: image row <c>firstRow + r</c>'s W pixels of
    /// <paramref name="image"/> (<c>[H, W, C]</c>) from row r of each plane, for <c>r &lt; rows</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WritePlanes(float* image, int width, int firstRow, int rows, float* planes, PlaneLayout layout, bool vectors)
    {
        for (int r = 0; r < rows; r++)
            DepthwiseSimdTranspose.FromPlanes(planes + r * layout.Stride, layout.PlaneFloats, width, layout.Channels,
                image + (long)(firstRow + r) * width * layout.Channels, vectors);
    }

    /// <summary>One channel's correlation with its own k×k <paramref name="weights"/> (row-major):
    /// <c>out[r][x] = Σ_{dy,dx&lt;k} w[dy][dx] · band[r + dy][x + dx]</c> for <c>r &lt; rows</c> and x over
    /// <paramref name="vectorWidth"/> (whole vectors), ReLU'd when asked. <paramref name="band"/> points at the channel's
    /// plane where its kernel's top-left tap of output (0, 0) reads. Four vectors of a row at a time hide the FMA
    /// latency; each is k² multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CorrelatePlane<TVec, TLanes>(float* output, int outputStride, float* band, int bandStride, int rows,
        int vectorWidth, int kernel, float* weights, bool relu)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        int lanes = TLanes.Count;
        for (int r = 0; r < rows; r++)
        {
            float* source = band + (long)r * bandStride, target = output + (long)r * outputStride;
            int x = 0;
            for (; x + 4 * lanes <= vectorWidth; x += 4 * lanes)
            {
                TVec a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
                for (int dy = 0; dy < kernel; dy++)
                {
                    float* row = source + (long)dy * bandStride + x;
                    float* w = weights + dy * kernel;
                    for (int dx = 0; dx < kernel; dx++)
                    {
                        var weight = TLanes.Splat(w[dx]);
                        float* s = row + dx;
                        a0 = TLanes.MulAdd(weight, TLanes.Load(s), a0);
                        a1 = TLanes.MulAdd(weight, TLanes.Load(s + lanes), a1);
                        a2 = TLanes.MulAdd(weight, TLanes.Load(s + 2 * lanes), a2);
                        a3 = TLanes.MulAdd(weight, TLanes.Load(s + 3 * lanes), a3);
                    }
                }
                TLanes.Store(target + x, relu ? TLanes.Relu(a0) : a0);
                TLanes.Store(target + x + lanes, relu ? TLanes.Relu(a1) : a1);
                TLanes.Store(target + x + 2 * lanes, relu ? TLanes.Relu(a2) : a2);
                TLanes.Store(target + x + 3 * lanes, relu ? TLanes.Relu(a3) : a3);
            }
            for (; x < vectorWidth; x += lanes)
            {
                TVec a = TLanes.Zero;
                for (int dy = 0; dy < kernel; dy++)
                {
                    float* row = source + (long)dy * bandStride + x;
                    float* w = weights + dy * kernel;
                    for (int dx = 0; dx < kernel; dx++) a = TLanes.MulAdd(TLanes.Splat(w[dx]), TLanes.Load(row + dx), a);
                }
                TLanes.Store(target + x, relu ? TLanes.Relu(a) : a);
            }
        }
    }

    /// <summary>One channel's weight-gradient sums over an item: for each tap (dy, dx) of its k×k kernel, the vector
    /// <c>Σ_{r, x} g[r][x] · band[r + dy][x + dx]</c> (lane l summing the pixels x ≡ l mod lanes) stored at
    /// <c>partial[(dy·k + dx)·lanes]</c>, in a fixed order. <paramref name="gradient"/> points at the (gated) output
    /// gradient's row 0 in its plane, zero beyond W, so the padded columns add nothing; <paramref name="band"/> at the
    /// input plane where tap (0, 0) of output (0, 0) reads. Up to seven taps of a kernel row at a time, so one load of
    /// the gradient feeds seven multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGradientPlane<TVec, TLanes>(float* partial, float* gradient, int gradientStride, float* band,
        int bandStride, int rows, int vectorWidth, int kernel)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        int lanes = TLanes.Count;
        for (int dy = 0; dy < kernel; dy++)
        for (int x0 = 0; x0 < kernel; x0 += 7)
        {
            int taps = Math.Min(7, kernel - x0);
            TVec a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero, a4 = TLanes.Zero,
                a5 = TLanes.Zero, a6 = TLanes.Zero;
            for (int r = 0; r < rows; r++)
            {
                float* g = gradient + (long)r * gradientStride, source = band + (long)(r + dy) * bandStride + x0;
                for (int x = 0; x < vectorWidth; x += lanes)
                {
                    var gv = TLanes.Load(g + x);
                    float* s = source + x;
                    a0 = TLanes.MulAdd(gv, TLanes.Load(s), a0);
                    if (taps > 1) a1 = TLanes.MulAdd(gv, TLanes.Load(s + 1), a1);
                    if (taps > 2) a2 = TLanes.MulAdd(gv, TLanes.Load(s + 2), a2);
                    if (taps > 3) a3 = TLanes.MulAdd(gv, TLanes.Load(s + 3), a3);
                    if (taps > 4) a4 = TLanes.MulAdd(gv, TLanes.Load(s + 4), a4);
                    if (taps > 5) a5 = TLanes.MulAdd(gv, TLanes.Load(s + 5), a5);
                    if (taps > 6) a6 = TLanes.MulAdd(gv, TLanes.Load(s + 6), a6);
                }
            }
            float* sum = partial + (dy * kernel + x0) * lanes;
            TLanes.Store(sum, a0);
            if (taps > 1) TLanes.Store(sum + lanes, a1);
            if (taps > 2) TLanes.Store(sum + 2 * lanes, a2);
            if (taps > 3) TLanes.Store(sum + 3 * lanes, a3);
            if (taps > 4) TLanes.Store(sum + 4 * lanes, a4);
            if (taps > 5) TLanes.Store(sum + 5 * lanes, a5);
            if (taps > 6) TLanes.Store(sum + 6 * lanes, a6);
        }
    }
}
