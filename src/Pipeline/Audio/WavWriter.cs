using System.Buffers.Binary;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Writes canonical RIFF/WAVE files (PCM or IEEE float, interleaved channels). Used by the
/// synthetic corpus and by round-trip tests of the reader. Samples are clipped to [-1, 1] for PCM.</summary>
public static class WavWriter
{
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, WavSampleFormat format = WavSampleFormat.Pcm16, int channels = 1, bool extensible = false)
    {
        using var stream = File.Create(path);
        Write(stream, samples, sampleRate, format, channels, extensible);
    }

    /// <param name="samples">Interleaved samples; length must be a multiple of <paramref name="channels"/>.</param>
    /// <param name="extensible">Write a WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes, sub-format GUID) instead of the plain one.</param>
    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate, WavSampleFormat format = WavSampleFormat.Pcm16, int channels = 1, bool extensible = false)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels));
        if (samples.Length % channels != 0) throw new ArgumentException("sample count is not a multiple of the channel count", nameof(samples));
        int bytesPerSample = format.BytesPerSample();
        int blockAlign = bytesPerSample * channels;
        int fmtSize = extensible ? 40 : 16;
        int headerSize = 12 + 8 + fmtSize + 8;
        long dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes > uint.MaxValue - headerSize) throw new ArgumentException("too many samples for one RIFF file", nameof(samples));
        ushort formatCode = (ushort)(format.IsFloat() ? 3 : 1);

        Span<byte> header = stackalloc byte[headerSize];
        header.Clear();
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(headerSize - 8 + dataBytes + (dataBytes & 1)));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], extensible ? (ushort)0xFFFE : formatCode);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(bytesPerSample * 8));
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 22); // cbSize
            BinaryPrimitives.WriteUInt16LittleEndian(header[38..], (ushort)(bytesPerSample * 8)); // valid bits
            BinaryPrimitives.WriteUInt32LittleEndian(header[40..], 0); // channel mask: no speaker positions
            // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the format code followed by a fixed GUID tail.
            BinaryPrimitives.WriteUInt32LittleEndian(header[44..], formatCode);
            ReadOnlySpan<byte> tail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            tail.CopyTo(header[48..]);
        }
        "data"u8.CopyTo(header[(20 + fmtSize)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(24 + fmtSize)..], (uint)dataBytes);
        stream.Write(header);

        var buffer = new byte[Math.Min(samples.Length, 4096) * bytesPerSample];
        for (int offset = 0; offset < samples.Length; offset += 4096)
        {
            var slice = samples.Slice(offset, Math.Min(4096, samples.Length - offset));
            int written = Encode(slice, format, buffer);
            stream.Write(buffer, 0, written);
        }
        if ((dataBytes & 1) == 1) stream.WriteByte(0); // RIFF chunks are word-aligned
    }

    static int Encode(ReadOnlySpan<float> samples, WavSampleFormat format, Span<byte> output)
    {
        int bytes = format.BytesPerSample();
        for (int i = 0; i < samples.Length; i++)
        {
            var dst = output.Slice(i * bytes, bytes);
            float x = samples[i];
            switch (format)
            {
                case WavSampleFormat.Pcm8:
                    dst[0] = (byte)(Quantise(x, 7) + 128);
                    break;
                case WavSampleFormat.Pcm16:
                    BinaryPrimitives.WriteInt16LittleEndian(dst, (short)Quantise(x, 15));
                    break;
                case WavSampleFormat.Pcm24:
                    int v24 = (int)Quantise(x, 23);
                    dst[0] = (byte)v24; dst[1] = (byte)(v24 >> 8); dst[2] = (byte)(v24 >> 16);
                    break;
                case WavSampleFormat.Pcm32:
                    BinaryPrimitives.WriteInt32LittleEndian(dst, (int)Quantise(x, 31));
                    break;
                case WavSampleFormat.Float32:
                    BinaryPrimitives.WriteSingleLittleEndian(dst, x);
                    break;
                case WavSampleFormat.Float64:
                    BinaryPrimitives.WriteDoubleLittleEndian(dst, x);
                    break;
            }
        }
        return samples.Length * bytes;
    }

    // The usual convention (libsndfile, librosa): value = x * 2^(bits-1), clamped to the integer range.
    // The reader divides by 2^(bits-1), so a round trip is exact to half a quantisation step.
    static long Quantise(float x, int shift)
    {
        long full = 1L << shift;
        return Math.Clamp((long)Math.Round((double)x * full), -full, full - 1);
    }
}
