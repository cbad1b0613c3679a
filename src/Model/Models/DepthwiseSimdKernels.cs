using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DataflowLung.Model.Models;

/// <summary>The inner loops of <see cref="DepthwiseSimd"/> on channels-last rows (see <see cref="DepthwiseLanePlan"/>
/// for the walk). Sources are first copied into a zero-padded <em>band</em>: the rows an output row block reads, each
/// with zero pixels before and after, so every tap of every output position reads inside the band and the loops have
/// no edge cases. Four output vectors (or seven partial sums) at a time hide the FMA latency. Nothing here allocates; the loops
/// are compiled fully optimised at once (a training step calls them a few thousand times, too few for tiering to catch
/// up within the first steps).</summary>
internal static unsafe class DepthwiseSimdKernels
{
    /// <summary>Fills <paramref name="band"/> with image rows <c>[firstRow, firstRow + rows)</c> of one sample
    /// (<paramref name="image"/>, <c>[H, W, C]</c>), each preceded by <paramref name="padLeft"/> zero pixels and followed
    /// by K − 1 − padLeft; rows outside the image are zeros. With a <paramref name="gate"/> (a ReLU's output, same
    /// layout) a value is kept only where the gate is positive: the gradient through the ReLU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FillBand(float* band, float* image, float* gate, int height, int width, int channels, int kernel,
        int firstRow, int rows, int padLeft)
    {
        int rowFloats = width * channels, stride = (width + kernel - 1) * channels, before = padLeft * channels;
        for (int r = 0; r < rows; r++)
        {
            int imageRow = firstRow + r;
            float* inside = PaddedRow(band + (long)r * stride, stride, before, rowFloats, imageRow >= 0 && imageRow < height);
            if (inside is null) continue;
            var source = new ReadOnlySpan<float>(image + (long)imageRow * rowFloats, rowFloats);
            var destination = new Span<float>(inside, rowFloats);
            if (gate is null) source.CopyTo(destination);
            else Gate(source, new ReadOnlySpan<float>(gate + (long)imageRow * rowFloats, rowFloats), destination);
        }
    }

    /// <summary>One band row of <paramref name="stride"/> floats: for a row outside the image all zeros (returns null),
    /// else its <paramref name="before"/> padding floats and those after the <paramref name="rowFloats"/> image floats
    /// zeroed, and the first image float's address returned for the caller to fill.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* PaddedRow(float* target, int stride, int before, int rowFloats, bool inImage)
    {
        if (!inImage)
        {
            new Span<float>(target, stride).Clear();
            return null;
        }
        new Span<float>(target, before).Clear();
        new Span<float>(target + before + rowFloats, stride - before - rowFloats).Clear();
        return target + before;
    }

    /// <summary>Like <see cref="FillBand"/> for a one-channel image (<paramref name="image"/>, <c>[H, W]</c>), each
    /// pixel written <paramref name="channels"/> times: the band of a depthwise convolution over the image replicated C
    /// times, which is the 1 → C convolution (<see cref="SingleChannelConvRelu"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FillBroadcastBand(float* band, float* image, int height, int width, int channels, int kernel,
        int firstRow, int rows, int padLeft)
    {
        int stride = (width + kernel - 1) * channels, before = padLeft * channels;
        for (int r = 0; r < rows; r++)
        {
            int imageRow = firstRow + r;
            float* pixel = PaddedRow(band + (long)r * stride, stride, before, width * channels, imageRow >= 0 && imageRow < height);
            if (pixel is null) continue;
            float* source = image + (long)imageRow * width;
            for (int x = 0; x < width; x++, pixel += channels)
            {
                float value = source[x];
                int c = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (var broadcast = Vector256.Create(value); c + 8 <= channels; c += 8) broadcast.Store(pixel + c);
                for (; c < channels; c++) pixel[c] = value;
            }
        }
    }

    /// <summary>Adds a row's values at flat positions <c>[begin, end)</c> to <paramref name="partial"/>
    /// (<c>[Period]</c>): <c>partial[j mod Period] += values[j]</c>, in a fixed order (a bias gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumRow<TVec, TLanes>(float* partial, float* values, DepthwiseLanePlan plan, int begin, int end)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        int lanes = TLanes.Count, period = plan.Period;
        for (int phase = 0; phase < plan.Phases; phase++)
        {
            TVec a0 = TLanes.Zero, a1 = TLanes.Zero;
            int j = First(begin, phase * lanes, period);
            for (; j + period + lanes <= end; j += 2 * period)
            {
                a0 = TLanes.Add(a0, TLanes.Load(values + j));
                a1 = TLanes.Add(a1, TLanes.Load(values + j + period));
            }
            if (j + lanes <= end) a0 = TLanes.Add(a0, TLanes.Load(values + j));
            Accumulate<TVec, TLanes>(partial + phase * lanes, TLanes.Add(a0, a1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gate(ReadOnlySpan<float> values, ReadOnlySpan<float> gate, Span<float> destination)
    {
        int i = 0, n = Vector<float>.Count;
        for (; i + n <= values.Length; i += n)
        {
            var open = Vector.GreaterThan(new Vector<float>(gate[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(open, new Vector<float>(values[i..]), Vector<float>.Zero).CopyTo(destination[i..]);
        }
        for (; i < values.Length; i++) destination[i] = gate[i] > 0f ? values[i] : 0f;
    }

    /// <summary>One output row's flat positions <c>[begin, end)</c>:
    /// <c>out[j] = bias[j mod Period] + Σ_taps table[tap, j mod Period] · band[dy][j + dx·C]</c>, where
    /// <paramref name="band"/> points at the band row of tap row 0 and <paramref name="stride"/> is the band's row length
    /// in floats; ReLU'd when asked. <paramref name="bias"/> (<c>[Period]</c>, null: none) is where each sum starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CorrelateRow<TVec, TLanes>(float* output, float* band, int stride, int channels, int kernel,
        float* table, DepthwiseLanePlan plan, int begin, int end, bool relu, float* bias = null)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        int lanes = TLanes.Count, period = plan.Period, tapStride = period;
        for (int phase = 0; phase < plan.Phases; phase++)
        {
            var box = plan.Boxes[phase];
            float* weights = table + phase * lanes;
            TVec start = bias is null ? TLanes.Zero : TLanes.Load(bias + phase * lanes);
            int j = First(begin, phase * lanes, period);
            for (; j + 3 * period + lanes <= end; j += 4 * period)
            {
                TVec a0 = start, a1 = start, a2 = start, a3 = start;
                for (int dy = box.Y0; dy < box.Y1; dy++)
                {
                    float* row = band + (long)dy * stride + j;
                    float* w = weights + dy * kernel * tapStride;
                    for (int dx = box.X0; dx < box.X1; dx++)
                    {
                        var weight = TLanes.Load(w + dx * tapStride);
                        float* s = row + dx * channels;
                        a0 = TLanes.MulAdd(weight, TLanes.Load(s), a0);
                        a1 = TLanes.MulAdd(weight, TLanes.Load(s + period), a1);
                        a2 = TLanes.MulAdd(weight, TLanes.Load(s + 2 * period), a2);
                        a3 = TLanes.MulAdd(weight, TLanes.Load(s + 3 * period), a3);
                    }
                }
                TLanes.Store(output + j, relu ? TLanes.Relu(a0) : a0);
                TLanes.Store(output + j + period, relu ? TLanes.Relu(a1) : a1);
                TLanes.Store(output + j + 2 * period, relu ? TLanes.Relu(a2) : a2);
                TLanes.Store(output + j + 3 * period, relu ? TLanes.Relu(a3) : a3);
            }
            for (; j + lanes <= end; j += period)
            {
                TVec a = start;
                for (int dy = box.Y0; dy < box.Y1; dy++)
                {
                    float* row = band + (long)dy * stride + j;
                    float* w = weights + dy * kernel * tapStride;
                    for (int dx = box.X0; dx < box.X1; dx++)
                        a = TLanes.MulAdd(TLanes.Load(w + dx * tapStride), TLanes.Load(row + dx * channels), a);
                }
                TLanes.Store(output + j, relu ? TLanes.Relu(a) : a);
            }
        }
    }

    /// <summary>Adds one gradient row's contribution to the weight gradient's partial sums
    /// (<paramref name="partial"/>, <c>[K·K, Period]</c>): <c>partial[tap, j mod Period] += g[j] · band[dy][j + dx·C]</c>
    /// over the flat positions <c>[begin, end)</c>, in a fixed order. Up to seven taps of a kernel row at a time, each
    /// its own sum, so one load of the gradient feeds seven multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGradientRow<TVec, TLanes>(float* partial, float* gradient, float* band, int stride, int channels,
        int kernel, DepthwiseLanePlan plan, int begin, int end)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        int lanes = TLanes.Count, period = plan.Period;
        for (int phase = 0; phase < plan.Phases; phase++)
        {
            var box = plan.Boxes[phase];
            int first = First(begin, phase * lanes, period);
            for (int dy = box.Y0; dy < box.Y1; dy++)
            for (int x0 = box.X0; x0 < box.X1; x0 += 7)
            {
                int taps = Math.Min(7, box.X1 - x0);
                float* source = band + (long)dy * stride + x0 * channels;
                TVec a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero, a4 = TLanes.Zero,
                    a5 = TLanes.Zero, a6 = TLanes.Zero;
                for (int j = first; j + lanes <= end; j += period)
                {
                    var g = TLanes.Load(gradient + j);
                    float* s = source + j;
                    a0 = TLanes.MulAdd(g, TLanes.Load(s), a0);
                    if (taps > 1) a1 = TLanes.MulAdd(g, TLanes.Load(s + channels), a1);
                    if (taps > 2) a2 = TLanes.MulAdd(g, TLanes.Load(s + 2 * channels), a2);
                    if (taps > 3) a3 = TLanes.MulAdd(g, TLanes.Load(s + 3 * channels), a3);
                    if (taps > 4) a4 = TLanes.MulAdd(g, TLanes.Load(s + 4 * channels), a4);
                    if (taps > 5) a5 = TLanes.MulAdd(g, TLanes.Load(s + 5 * channels), a5);
                    if (taps > 6) a6 = TLanes.MulAdd(g, TLanes.Load(s + 6 * channels), a6);
                }
                float* sum = partial + (dy * kernel + x0) * period + phase * lanes;
                Accumulate<TVec, TLanes>(sum, a0);
                if (taps > 1) Accumulate<TVec, TLanes>(sum + period, a1);
                if (taps > 2) Accumulate<TVec, TLanes>(sum + 2 * period, a2);
                if (taps > 3) Accumulate<TVec, TLanes>(sum + 3 * period, a3);
                if (taps > 4) Accumulate<TVec, TLanes>(sum + 4 * period, a4);
                if (taps > 5) Accumulate<TVec, TLanes>(sum + 5 * period, a5);
                if (taps > 6) Accumulate<TVec, TLanes>(sum + 6 * period, a6);
            }
        }
    }

    private static void Accumulate<TVec, TLanes>(float* sum, TVec value)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec> =>
        TLanes.Store(sum, TLanes.Add(TLanes.Load(sum), value));

    /// <summary>The first position at or after <paramref name="begin"/> congruent to <paramref name="start"/> modulo
    /// <paramref name="period"/>.</summary>
    private static int First(int begin, int start, int period) => begin + ((start - begin) % period + period) % period;
}
