using System.Buffers.Binary;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Tests.Datasets;

/// <summary>A test-only probe for canonical 44-byte-header WAV files (what WavWriter writes): rate and bit
/// depth from the fmt fields, duration from the file size. Not a WAV reader: real files with extra chunks
/// get durations a few bytes off, which these tests do not rely on.</summary>
static class HeaderProbe
{
    public static Fin<(int SampleRate, double Seconds)> Probe(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length < 44) return Error.New($"{path}: too short for a WAV header");
        Span<byte> h = stackalloc byte[44];
        using (var s = info.OpenRead()) s.ReadExactly(h);
        if (!h[..4].SequenceEqual("RIFF"u8) || !h[8..12].SequenceEqual("WAVE"u8)) return Error.New($"{path}: not RIFF/WAVE");
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(h[22..]);
        int rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(h[34..]);
        return (rate, (double)(info.Length - 44) / (rate * channels * (bits / 8)));
    }
}
