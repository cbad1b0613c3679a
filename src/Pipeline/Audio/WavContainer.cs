using System.Buffers.Binary;
using LanguageExt;
using NAudio.Wave;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Finds the format and the <c>data</c> payload of a WAVE stream. Seekable streams (every file) are
/// parsed by NAudio's <see cref="WaveFileReader"/> (RIFF chunk walk, WAVEFORMATEX/EXTENSIBLE fmt chunk, data
/// location), and the format is checked by <see cref="WavFormatRules"/>. Where NAudio refuses a stream, the
/// project's own walk (<see cref="WavHeaderReader"/>) reads it when it can and otherwise names the problem
/// exactly; streams that cannot seek go there directly, since NAudio needs to seek. docs/audio.md lists where the
/// two differ.</summary>
internal static class WavContainer
{
    /// <summary>Parses the header and hands <paramref name="use"/> the layout and <paramref name="stream"/>
    /// positioned at the first sample byte.</summary>
    public static Fin<T> Read<T>(Stream stream, string name, Func<WavLayout, Fin<T>> use)
    {
        if (!stream.CanSeek || stream.Position != 0) return WavHeaderReader.Read(stream, name).Bind(use);
        var preamble = WavHeaderReader.ReadPreamble(stream, name);
        if (preamble.IsFail) return preamble.Map(_ => default(T)!);
        stream.Position = 0;
        return ParseWithNAudio(stream) switch
        {
            { } parsed => WithFormat(stream, name, parsed).Bind(l => OneDataChunk(stream, name, l)).Bind(use),
            null => WalkFromStart(stream, name).Bind(l => OneDataChunk(stream, name, l)).Bind(use),
        };
    }

    sealed record Parsed(WaveFormat Format, long DataStart, uint DeclaredDataBytes);

    /// <summary>NAudio's parse, or null where it throws (broken or unusual header: the walk decides).</summary>
    static Parsed? ParseWithNAudio(Stream stream)
    {
        try
        {
            // The reader does not own the stream (the caller disposes it); its constructor leaves the stream at
            // the first sample byte, right after the data chunk's 8-byte header.
            using var reader = new WaveFileReader(stream);
            long dataStart = stream.Position;
            if (dataStart < 8) return null;
            // NAudio clamps its Length to the bytes present; the warnings need what the header declares.
            Span<byte> size = stackalloc byte[4];
            stream.Position = dataStart - 4;
            if (StreamIo.ReadFully(stream, size) < 4) return null;
            return new Parsed(reader.WaveFormat, dataStart, BinaryPrimitives.ReadUInt32LittleEndian(size));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // NAudio reports header problems with several exception types (FormatException, InvalidDataException,
            // EndOfStreamException, ArgumentException, …): none of them is a bug here, each means "let the walk look".
            return null;
        }
    }

    static Fin<WavLayout> WithFormat(Stream stream, string name, Parsed parsed)
    {
        var (format, problem) = WavFormatRules.Check(parsed.Format, FmtBytes(parsed.Format));
        if (problem is not null) return Fin<WavLayout>.Fail(new AudioError(name, problem));
        stream.Position = parsed.DataStart;
        return new WavLayout(format!, parsed.DeclaredDataBytes, Math.Max(0, stream.Length - parsed.DataStart));
    }

    /// <summary>The fmt chunk's size as NAudio saw it: 16 standard bytes, cbSize and the extra bytes.</summary>
    static long FmtBytes(WaveFormat f) => f.ExtraSize > 0 ? 18 + f.ExtraSize : 18;

    /// <summary>Refuses a file with a second <c>data</c> chunk: NAudio would read the last one, the walk the first,
    /// and either silently drops the rest (issue 23), and joining chunks is no format any recorder writes.</summary>
    static Fin<WavLayout> OneDataChunk(Stream stream, string name, WavLayout layout) =>
        WavHeaderReader.SecondDataChunk(stream) is not { } second
            ? layout
            : Fin<WavLayout>.Fail(new AudioError(name,
                $"a second data chunk at byte {second}: files with more than one data chunk are not supported (join the samples into one chunk)"));

    static Fin<WavLayout> WalkFromStart(Stream stream, string name)
    {
        stream.Position = 0;
        return WavHeaderReader.Read(stream, name);
    }
}
