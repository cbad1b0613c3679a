using System.Buffers.Binary;

namespace DataflowLung.Pipeline.Audio;

/// <summary>One sample container read as a float in [-1, 1) (integer formats divide by 2^(bits-1), the
/// convention <see cref="WavWriter"/> writes). Static abstract members let the JIT specialise the mixing
/// loops per format, so the per-sample work is a load and a multiply.</summary>
internal interface ISampleCodec
{
    static abstract int Size { get; }
    static abstract float Read(ReadOnlySpan<byte> b);
}

internal readonly struct U8Codec : ISampleCodec
{
    public static int Size => 1;
    public static float Read(ReadOnlySpan<byte> b) => (b[0] - 128) * (1f / 128);
}

internal readonly struct S16Codec : ISampleCodec
{
    public static int Size => 2;
    public static float Read(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadInt16LittleEndian(b) * (1f / 32768);
}

internal readonly struct S24Codec : ISampleCodec
{
    public static int Size => 3;
    public static float Read(ReadOnlySpan<byte> b) => (b[0] | (b[1] << 8) | ((sbyte)b[2] << 16)) * (1f / 8388608);
}

internal readonly struct S32Codec : ISampleCodec
{
    public static int Size => 4;
    // Through double: a float multiply would round the 32-bit integer before scaling.
    public static float Read(ReadOnlySpan<byte> b) => (float)(BinaryPrimitives.ReadInt32LittleEndian(b) * (1.0 / 2147483648.0));
}

internal readonly struct F32Codec : ISampleCodec
{
    public static int Size => 4;
    public static float Read(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadSingleLittleEndian(b);
}

internal readonly struct F64Codec : ISampleCodec
{
    public static int Size => 8;
    public static float Read(ReadOnlySpan<byte> b) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b);
}

/// <summary>Interleaved frames → mono floats.</summary>
internal static class FrameMixer
{
    public static void ToMono(WavSampleFormat format, ReadOnlySpan<byte> frames, int channels, ChannelMode mode, Span<float> mono)
    {
        switch (format)
        {
            case WavSampleFormat.Pcm8: Mix<U8Codec>(frames, channels, mode, mono); break;
            case WavSampleFormat.Pcm16: Mix<S16Codec>(frames, channels, mode, mono); break;
            case WavSampleFormat.Pcm24: Mix<S24Codec>(frames, channels, mode, mono); break;
            case WavSampleFormat.Pcm32: Mix<S32Codec>(frames, channels, mode, mono); break;
            case WavSampleFormat.Float32: Mix<F32Codec>(frames, channels, mode, mono); break;
            case WavSampleFormat.Float64: Mix<F64Codec>(frames, channels, mode, mono); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    static void Mix<T>(ReadOnlySpan<byte> frames, int channels, ChannelMode mode, Span<float> mono) where T : ISampleCodec
    {
        int frameBytes = channels * T.Size;
        switch (mode)
        {
            case ChannelMode.Pick pick:
                for (int f = 0, offset = pick.Index * T.Size; f < mono.Length; f++, offset += frameBytes)
                    mono[f] = T.Read(frames[offset..]);
                break;
            case ChannelMode.Mean when channels == 1:
                for (int f = 0, offset = 0; f < mono.Length; f++, offset += frameBytes)
                    mono[f] = T.Read(frames[offset..]);
                break;
            case ChannelMode.Mean:
                float scale = 1f / channels;
                for (int f = 0, offset = 0; f < mono.Length; f++, offset += frameBytes)
                {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) sum += T.Read(frames[(offset + c * T.Size)..]);
                    mono[f] = sum * scale;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
    }
}
