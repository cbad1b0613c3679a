using System.Buffers.Binary;
using LanguageExt;
using NAudio.Wave;

namespace DataflowLung.Pipeline.Audio;

/// <summary>The project's own forward-only RIFF walk, for what NAudio's <see cref="WaveFileReader"/> cannot take
/// (see <see cref="WavContainer"/>): streams that cannot seek, RIFF sizes smaller than the chunks they hold, odd
/// chunks padded with a non-zero byte; and to name the problem exactly when a header is broken. Unknown chunks
/// are skipped (with their pad byte when the size is odd); the fmt chunk is parsed by NAudio
/// (<see cref="WaveFormat.FromFormatChunk"/>) and checked by <see cref="WavFormatRules"/>; the stream is left
/// positioned at the first sample byte.</summary>
internal static class WavHeaderReader
{
    public const int MinSampleRate = WavFormatRules.MinSampleRate;
    public const int MaxSampleRate = WavFormatRules.MaxSampleRate;
    const int MaxFmtBytes = 1024; // real fmt chunks are 16–40 bytes; anything beyond is ignored
    const int ParsedFmtBytes = 40; // WAVE_FORMAT_EXTENSIBLE's size: every field the reader uses lies within it

    /// <summary>The 12-byte RIFF/WAVE preamble, or the reason it is not one.</summary>
    public static Fin<Unit> ReadPreamble(Stream stream, string name)
    {
        Span<byte> head = stackalloc byte[12];
        int got = StreamIo.ReadFully(stream, head);
        if (got == 0) return Fail<Unit>(name, "empty file");
        if (got < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
            return Fail<Unit>(name, head[..Math.Min(4, got)].SequenceEqual("RF64"u8) ? "not a RIFF/WAVE file (RF64 is not supported)" : "not a RIFF/WAVE file");
        return Unit.Default;
    }

    public static Fin<WavLayout> Read(Stream stream, string name) =>
        ReadPreamble(stream, name).Bind(_ => ReadChunks(stream, name));

    static Fin<WavLayout> ReadChunks(Stream stream, string name)
    {
        WavFormat? format = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        var fmt = new byte[MaxFmtBytes];
        while (true)
        {
            if (StreamIo.ReadFully(stream, chunkHeader) < 8) break;
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            var id = chunkHeader[..4];
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) return Fail<WavLayout>(name, $"fmt chunk is {size} bytes, at least 16 are needed");
                int keep = (int)Math.Min(size, MaxFmtBytes);
                if (StreamIo.ReadFully(stream, fmt.AsSpan(0, keep)) < keep) return Fail<WavLayout>(name, "fmt chunk is cut short");
                var (parsed, problem) = WavFormatRules.Check(ParseFmt(fmt, keep), size);
                if (problem is not null) return Fail<WavLayout>(name, problem);
                format = parsed;
                if (!StreamIo.Skip(stream, size - keep + (size & 1))) break;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null) return Fail<WavLayout>(name, "data chunk comes before the fmt chunk (not supported)");
                long? available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
                return new WavLayout(format, size, available);
            }
            else if (!StreamIo.Skip(stream, (long)size + (size & 1))) break;
        }
        return Fail<WavLayout>(name, format is null ? "no fmt chunk" : "no data chunk");
    }

    /// <summary>Where the second <c>data</c> chunk of the file begins, or null when it has one at most. Only
    /// seekable streams can be walked again; the position is restored. NAudio takes the last data chunk and this
    /// walk the first, so a file with two would be half-read either way (issue 23).</summary>
    public static long? SecondDataChunk(Stream stream)
    {
        if (!stream.CanSeek) return null;
        long saved = stream.Position;
        try
        {
            Span<byte> header = stackalloc byte[8];
            long at = 12; // after RIFF, size, WAVE
            bool seen = false;
            while (at + 8 <= stream.Length)
            {
                stream.Position = at;
                if (StreamIo.ReadFully(stream, header) < 8) break;
                if (header[..4].SequenceEqual("data"u8))
                {
                    if (seen) return at;
                    seen = true;
                }
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
                at += 8 + (long)size + (size & 1);
            }
            return null;
        }
        finally { stream.Position = saved; }
    }

    /// <summary>NAudio's WAVEFORMAT(EX) parse of the first bytes of a fmt chunk. A chunk of 17 bytes has no complete
    /// cbSize field, so only its 16 standard bytes are handed over; NAudio takes cbSize from the size it is given.</summary>
    static WaveFormat ParseFmt(byte[] fmt, int length)
    {
        int parsed = length < 18 ? 16 : Math.Min(length, ParsedFmtBytes);
        using var reader = new BinaryReader(new MemoryStream(fmt, 0, parsed, writable: false));
        return WaveFormat.FromFormatChunk(reader, parsed);
    }

    static Fin<T> Fail<T>(string name, string problem) => Fin<T>.Fail(new AudioError(name, problem));
}
