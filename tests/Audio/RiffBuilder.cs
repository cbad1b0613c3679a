using System.Buffers.Binary;

namespace DataflowLung.Tests.Audio;

/// <summary>Hand-assembles RIFF/WAVE files chunk by chunk, for layouts <c>WavWriter</c> never produces:
/// unknown and odd-sized chunks, odd fmt sizes, lying sizes, foreign codecs.</summary>
internal static class RiffBuilder
{
    public sealed record Chunk(string Id, byte[] Body, uint? DeclaredSize = null, bool Pad = true);

    public static byte[] Wave(params Chunk[] chunks)
    {
        using var ms = new MemoryStream();
        ms.Write("RIFF"u8);
        ms.Write(new byte[4]);
        ms.Write("WAVE"u8);
        Span<byte> size = stackalloc byte[4];
        foreach (var c in chunks)
        {
            ms.Write(System.Text.Encoding.ASCII.GetBytes(c.Id));
            BinaryPrimitives.WriteUInt32LittleEndian(size, c.DeclaredSize ?? (uint)c.Body.Length);
            ms.Write(size);
            ms.Write(c.Body);
            if (c.Pad && (c.Body.Length & 1) == 1) ms.WriteByte(0);
        }
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    /// <summary>A fmt chunk body: <paramref name="extra"/> bytes follow the 16 standard ones. The byte rate is
    /// rate × block align unless <paramref name="byteRate"/> says otherwise.</summary>
    public static byte[] Fmt(int tag, int channels, int rate, int bits, int? blockAlign = null, byte[]? extra = null, int? byteRate = null)
    {
        int align = blockAlign ?? channels * ((bits + 7) / 8);
        var b = new byte[16 + (extra?.Length ?? 0)];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)(byteRate ?? rate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), (ushort)bits);
        extra?.CopyTo(b, 16);
        return b;
    }

    public static byte[] Pcm16(params short[] samples)
    {
        var b = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), samples[i]);
        return b;
    }
}
