using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataflowLung.Model.Models;

/// <summary>One image row between channels-last (<c>[W, C]</c>: pixel-major) and planar (<c>[C][W]</c>, one row per
/// channel plane) order, for <see cref="DepthwiseSimdPlanes"/>. With <c>vectors</c> (and AVX) blocks of 8 pixels × 8
/// channels go through registers as 8×8 transposes of 256-bit vectors; the channels and pixels left over, and every
/// value without <c>vectors</c> (the scalar path), one at a time. A per-value copy was most of the planar kernel's time
/// (its gated form mispredicts the ReLU's sign branch about every other value).</summary>
internal static unsafe class DepthwiseSimdTranspose
{
    /// <summary><c>target[c · planeFloats + x] = source[x · C + c]</c> for x &lt; <paramref name="width"/>, c &lt;
    /// <paramref name="channels"/>; with a <paramref name="gate"/> (same layout as the source) a value is kept only where
    /// the gate is positive, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToPlanes(float* source, float* gate, int width, int channels, float* target, long planeFloats, bool vectors)
    {
        int blockChannels = 0, blockPixels = 0;
        if (vectors && Avx.IsSupported)
        {
            blockChannels = channels / 8 * 8;
            blockPixels = width / 8 * 8;
            for (int c0 = 0; c0 < blockChannels; c0 += 8)
            for (int x = 0; x < blockPixels; x += 8)
            {
                float* s = source + (long)x * channels + c0;
                Vector256<float> r0 = Load(s, gate, s - source), r1 = Load(s + channels, gate, s - source + channels),
                    r2 = Load(s + 2 * channels, gate, s - source + 2 * channels), r3 = Load(s + 3 * channels, gate, s - source + 3 * channels),
                    r4 = Load(s + 4 * channels, gate, s - source + 4 * channels), r5 = Load(s + 5 * channels, gate, s - source + 5 * channels),
                    r6 = Load(s + 6 * channels, gate, s - source + 6 * channels), r7 = Load(s + 7 * channels, gate, s - source + 7 * channels);
                Transpose8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                float* t = target + c0 * planeFloats + x;
                r0.Store(t); r1.Store(t + planeFloats); r2.Store(t + 2 * planeFloats); r3.Store(t + 3 * planeFloats);
                r4.Store(t + 4 * planeFloats); r5.Store(t + 5 * planeFloats); r6.Store(t + 6 * planeFloats); r7.Store(t + 7 * planeFloats);
            }
        }
        // What the blocks left: the last pixels of the block channels, then every pixel of the other channels.
        for (int x = blockPixels; x < width; x++) CopyToPlanes(source, gate, x, channels, 0, blockChannels, target, planeFloats);
        if (blockChannels < channels)
            for (int x = 0; x < width; x++) CopyToPlanes(source, gate, x, channels, blockChannels, channels, target, planeFloats);
    }

    /// <summary><c>target[x · C + c] = planes[c · planeFloats + x]</c> for x &lt; <paramref name="width"/>, c &lt;
    /// <paramref name="channels"/>: the inverse of <see cref="ToPlanes"/> (without a gate).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromPlanes(float* planes, long planeFloats, int width, int channels, float* target, bool vectors)
    {
        int blockChannels = 0, blockPixels = 0;
        if (vectors && Avx.IsSupported)
        {
            blockChannels = channels / 8 * 8;
            blockPixels = width / 8 * 8;
            for (int x = 0; x < blockPixels; x += 8)
            for (int c0 = 0; c0 < blockChannels; c0 += 8)
            {
                float* s = planes + c0 * planeFloats + x;
                Vector256<float> r0 = Vector256.Load(s), r1 = Vector256.Load(s + planeFloats), r2 = Vector256.Load(s + 2 * planeFloats),
                    r3 = Vector256.Load(s + 3 * planeFloats), r4 = Vector256.Load(s + 4 * planeFloats), r5 = Vector256.Load(s + 5 * planeFloats),
                    r6 = Vector256.Load(s + 6 * planeFloats), r7 = Vector256.Load(s + 7 * planeFloats);
                Transpose8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                float* t = target + (long)x * channels + c0;
                r0.Store(t); r1.Store(t + channels); r2.Store(t + 2 * channels); r3.Store(t + 3 * channels);
                r4.Store(t + 4 * channels); r5.Store(t + 5 * channels); r6.Store(t + 6 * channels); r7.Store(t + 7 * channels);
            }
        }
        for (int x = 0; x < width; x++)
        {
            int first = x < blockPixels ? blockChannels : 0;
            float* t = target + (long)x * channels;
            for (int c = first; c < channels; c++) t[c] = planes[c * planeFloats + x];
        }
    }

    private static void CopyToPlanes(float* source, float* gate, int x, int channels, int from, int to, float* target, long planeFloats)
    {
        float* s = source + (long)x * channels;
        if (gate is null)
            for (int c = from; c < to; c++) target[c * planeFloats + x] = s[c];
        else
        {
            float* g = gate + (long)x * channels;
            for (int c = from; c < to; c++) target[c * planeFloats + x] = g[c] > 0f ? s[c] : 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(float* p, float* gate, long offset)
    {
        var value = Vector256.Load(p);
        if (gate is null) return value;
        var open = Vector256.GreaterThan(Vector256.Load(gate + offset), Vector256<float>.Zero);
        return Vector256.ConditionalSelect(open, value, Vector256<float>.Zero);
    }

    /// <summary>Transposes the 8×8 matrix whose rows are r0…r7, in registers (unpack, shuffle, swap of 128-bit halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3,
        ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
    {
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        r0 = Avx.Permute2x128(u0, u4, 0x20); r1 = Avx.Permute2x128(u1, u5, 0x20);
        r2 = Avx.Permute2x128(u2, u6, 0x20); r3 = Avx.Permute2x128(u3, u7, 0x20);
        r4 = Avx.Permute2x128(u0, u4, 0x31); r5 = Avx.Permute2x128(u1, u5, 0x31);
        r6 = Avx.Permute2x128(u2, u6, 0x31); r7 = Avx.Permute2x128(u3, u7, 0x31);
    }
}
