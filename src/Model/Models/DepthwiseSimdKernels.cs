using System.Numerics;

namespace DataflowLung.Model.Models;

/// <summary>The inner loops of <see cref="DepthwiseSimd"/> on channels-last rows (see <see cref="DepthwiseLanePlan"/>
/// for the walk). Sources are first copied into a zero-padded <em>band</em>: the rows an output row block reads, each
/// with zero pixels before and after, so every tap of every output position reads inside the band and the loops have
/// no edge cases. Four output vectors (or four partial sums) at a time hide the FMA latency. Nothing here allocates.</summary>
internal static unsafe class DepthwiseSimdKernels
{
    /// <summary>Fills <paramref name="band"/> with image rows <c>[firstRow, firstRow + rows)</c> of one sample
    /// (<paramref name="image"/>, <c>[H, W, C]</c>), each preceded by <paramref name="padLeft"/> zero pixels and followed
    /// by K − 1 − padLeft; rows outside the image are zeros. With a <paramref name="gate"/> (a ReLU's output, same
    /// layout) a value is kept only where the gate is positive: the gradient through the ReLU.</summary>
    public static void FillBand(float* band, float* image, float* gate, int height, int width, int channels, int kernel,
        int firstRow, int rows, int padLeft)
    {
        int rowFloats = width * channels, stride = (width + kernel - 1) * channels;
        int before = padLeft * channels, after = stride - before - rowFloats;
        for (int r = 0; r < rows; r++)
        {
            float* target = band + (long)r * stride;
            int imageRow = firstRow + r;
            if (imageRow < 0 || imageRow >= height)
            {
                new Span<float>(target, stride).Clear();
                continue;
            }
            new Span<float>(target, before).Clear();
            new Span<float>(target + before + rowFloats, after).Clear();
            var source = new ReadOnlySpan<float>(image + (long)imageRow * rowFloats, rowFloats);
            var destination = new Span<float>(target + before, rowFloats);
            if (gate is null) source.CopyTo(destination);
            else Gate(source, new ReadOnlySpan<float>(gate + (long)imageRow * rowFloats, rowFloats), destination);
        }
    }

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
    /// <c>out[j] = Σ_taps table[tap, j mod Period] · band[dy][j + dx·C]</c>, where <paramref name="band"/> points at the
    /// band row of tap row 0 and <paramref name="stride"/> is the band's row length in floats; ReLU'd when asked.</summary>
    public static void CorrelateRow<TVec, TLanes>(float* output, float* band, int stride, int channels, int kernel,
        float* table, DepthwiseLanePlan plan, int begin, int end, bool relu)
        where TVec : struct where TLanes : struct, IDepthwiseLanes<TVec>
    {
        int lanes = TLanes.Count, period = plan.Period, tapStride = period;
        for (int phase = 0; phase < plan.Phases; phase++)
        {
            var box = plan.Boxes[phase];
            float* weights = table + phase * lanes;
            int j = First(begin, phase * lanes, period);
            for (; j + 3 * period + lanes <= end; j += 4 * period)
            {
                TVec a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
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
                TVec a = TLanes.Zero;
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
    /// over the flat positions <c>[begin, end)</c>, in a fixed order.</summary>
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
            for (int dx = box.X0; dx < box.X1; dx++)
            {
                float* source = band + (long)dy * stride + dx * channels;
                TVec a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
                int j = first;
                for (; j + 3 * period + lanes <= end; j += 4 * period)
                {
                    a0 = TLanes.MulAdd(TLanes.Load(gradient + j), TLanes.Load(source + j), a0);
                    a1 = TLanes.MulAdd(TLanes.Load(gradient + j + period), TLanes.Load(source + j + period), a1);
                    a2 = TLanes.MulAdd(TLanes.Load(gradient + j + 2 * period), TLanes.Load(source + j + 2 * period), a2);
                    a3 = TLanes.MulAdd(TLanes.Load(gradient + j + 3 * period), TLanes.Load(source + j + 3 * period), a3);
                }
                for (; j + lanes <= end; j += period)
                    a0 = TLanes.MulAdd(TLanes.Load(gradient + j), TLanes.Load(source + j), a0);
                float* sum = partial + (dy * kernel + dx) * period + phase * lanes;
                TLanes.Store(sum, TLanes.Add(TLanes.Load(sum), TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3))));
            }
        }
    }

    /// <summary>The first position at or after <paramref name="begin"/> congruent to <paramref name="start"/> modulo
    /// <paramref name="period"/>.</summary>
    private static int First(int begin, int start, int period) => begin + ((start - begin) % period + period) % period;
}
