using System.Buffers.Binary;
using LanguageExt;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Walks the RIFF chunks of a WAVE stream up to the <c>data</c> payload, validating the format.
/// Unknown chunks are skipped (with their pad byte when the size is odd); the stream is left positioned at
/// the first sample byte.</summary>
internal static class WavHeaderReader
{
    public const int MinSampleRate = 1_000;
    public const int MaxSampleRate = 1_536_000;
    const int WaveFormatPcm = 0x0001, WaveFormatIeeeFloat = 0x0003, WaveFormatExtensible = 0xFFFE;
    const int MaxFmtBytes = 1024; // real fmt chunks are 16–40 bytes; anything beyond is ignored

    // The 12 bytes every KSDATAFORMAT_SUBTYPE_* GUID shares after its leading format code.
    static ReadOnlySpan<byte> SubFormatSuffix => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static Fin<WavLayout> Read(Stream stream, string name)
    {
        Span<byte> head = stackalloc byte[12];
        int got = StreamIo.ReadFully(stream, head);
        if (got == 0) return Fail(name, "empty file");
        if (got < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
            return Fail(name, head[..Math.Min(4, got)].SequenceEqual("RF64"u8) ? "not a RIFF/WAVE file (RF64 is not supported)" : "not a RIFF/WAVE file");

        WavFormat? format = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[MaxFmtBytes];
        while (true)
        {
            if (StreamIo.ReadFully(stream, chunkHeader) < 8) break;
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            var id = chunkHeader[..4];
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) return Fail(name, $"fmt chunk is {size} bytes, at least 16 are needed");
                int keep = (int)Math.Min(size, MaxFmtBytes);
                if (StreamIo.ReadFully(stream, fmt[..keep]) < keep) return Fail(name, "fmt chunk is cut short");
                var (parsed, problem) = ParseFormat(fmt[..keep]);
                if (problem is not null) return Fail(name, problem);
                format = parsed;
                if (!StreamIo.Skip(stream, size - keep + (size & 1))) break;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null) return Fail(name, "data chunk comes before the fmt chunk (not supported)");
                long? available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
                return new WavLayout(format, size, available);
            }
            else if (!StreamIo.Skip(stream, (long)size + (size & 1))) break;
        }
        return Fail(name, format is null ? "no fmt chunk" : "no data chunk");
    }

    /// <summary>The format, or the problem that makes it unreadable.</summary>
    static (WavFormat? Format, string? Problem) ParseFormat(ReadOnlySpan<byte> fmt)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        bool extensible = tag == WaveFormatExtensible;
        int validBits = bits;
        if (extensible)
        {
            if (fmt.Length < 40) return (null, $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {fmt.Length} bytes, 40 are needed");
            validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            var guid = fmt[24..40];
            if (!guid[4..].SequenceEqual(SubFormatSuffix))
                return (null, $"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}");
            tag = (int)BinaryPrimitives.ReadUInt32LittleEndian(guid);
            if (validBits == 0) validBits = bits; // some writers leave it unset
        }
        if (tag != WaveFormatPcm && tag != WaveFormatIeeeFloat)
            return (null, $"unsupported codec 0x{tag:X4} ({CodecName(tag)}); only PCM and IEEE float are read");
        if (channels == 0) return (null, "zero channels");
        if (rate < MinSampleRate || rate > MaxSampleRate)
            return (null, $"absurd sample rate {rate} Hz (accepted: {MinSampleRate}–{MaxSampleRate} Hz)");
        if (blockAlign == 0 || blockAlign % channels != 0)
            return (null, $"block align {blockAlign} does not fit {channels} channel(s)");
        int container = blockAlign / channels;
        if (bits == 0 || bits > container * 8 || validBits > bits)
            return (null, $"{bits} bits per sample ({validBits} valid) do not fit a {container}-byte sample");
        WavSampleFormat? sampleFormat = (tag, container) switch
        {
            (WaveFormatPcm, 1) => WavSampleFormat.Pcm8,
            (WaveFormatPcm, 2) => WavSampleFormat.Pcm16,
            (WaveFormatPcm, 3) => WavSampleFormat.Pcm24,
            (WaveFormatPcm, 4) => WavSampleFormat.Pcm32,
            (WaveFormatIeeeFloat, 4) when bits == 32 => WavSampleFormat.Float32,
            (WaveFormatIeeeFloat, 8) when bits == 64 => WavSampleFormat.Float64,
            _ => null,
        };
        if (sampleFormat is null)
            return (null, $"unsupported sample layout: {(tag == WaveFormatPcm ? "PCM" : "IEEE float")} with {bits} bits in {container} bytes");
        return (new WavFormat((int)rate, channels, sampleFormat.Value, validBits, extensible), null);
    }

    static string CodecName(int tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MP3",
        0x00FF => "AAC",
        _ => "unknown codec",
    };

    static Fin<WavLayout> Fail(string name, string problem) => Fin<WavLayout>.Fail(new AudioError(name, problem));
}
