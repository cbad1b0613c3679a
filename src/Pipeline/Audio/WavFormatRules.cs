using System.Buffers.Binary;
using NAudio.Wave;

namespace DataflowLung.Pipeline.Audio;

/// <summary>What the project reads out of a <c>fmt </c> chunk that NAudio has parsed: PCM (8-bit unsigned,
/// 16/24/32-bit signed) or IEEE float 32/64, plain or WAVE_FORMAT_EXTENSIBLE with a KSDATAFORMAT sub-format, a
/// plausible rate and a block align that fits the channels. NAudio accepts any of these fields as written
/// (0 channels, 0 Hz, ADPCM…) and leaves the extensible fields in <see cref="WaveFormatExtraData.ExtraData"/>;
/// the checks and their messages are the project's.</summary>
internal static class WavFormatRules
{
    public const int MinSampleRate = 1_000;
    public const int MaxSampleRate = 1_536_000;
    const int WaveFormatPcm = 0x0001, WaveFormatIeeeFloat = 0x0003, WaveFormatExtensible = 0xFFFE;
    const int ExtensibleExtraBytes = 22; // valid bits (2), channel mask (4), sub-format GUID (16)

    // The 12 bytes every KSDATAFORMAT_SUBTYPE_* GUID shares after its leading format code.
    static ReadOnlySpan<byte> SubFormatSuffix => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>The format, or the problem that makes it unreadable.</summary>
    /// <param name="fmtBytes">Size of the fmt chunk, for the message about short extensible chunks.</param>
    public static (WavFormat? Format, string? Problem) Check(WaveFormat f, long fmtBytes)
    {
        // NAudio keeps these WAVEFORMATEX fields as signed 16/32-bit values; the file holds them unsigned.
        int tag = (ushort)f.Encoding;
        int channels = (ushort)f.Channels;
        uint rate = unchecked((uint)f.SampleRate);
        int blockAlign = (ushort)f.BlockAlign;
        int bits = (ushort)f.BitsPerSample;
        bool extensible = tag == WaveFormatExtensible;
        int validBits = bits;
        if (extensible)
        {
            var extra = f is WaveFormatExtraData x ? x.ExtraData.AsSpan(0, Math.Min(x.ExtraData.Length, Math.Max(0, x.ExtraSize))) : [];
            if (extra.Length < ExtensibleExtraBytes) return (null, $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {fmtBytes} bytes, 40 are needed");
            validBits = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var guid = extra[6..22];
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
        // SPRSound's recorder writes block align 4 for 16-bit mono, while its byte rate (16000 at 8 kHz) and its data are
        // 2-byte frames (the release's own event clips are byte slices at 2 bytes a sample). A plain WAVEFORMATEX header
        // whose byte rate confirms the frame its bits imply is read with that frame; a 24-in-32 container, whose byte rate
        // agrees with its block align, is not affected.
        int impliedAlign = channels * ((bits + 7) / 8);
        if (!extensible && bits > 0 && blockAlign != impliedAlign && (ulong)rate * (ulong)impliedAlign == unchecked((uint)f.AverageBytesPerSecond))
            blockAlign = impliedAlign;
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
}
