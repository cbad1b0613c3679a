using System.Buffers.Binary;
using System.Numerics;

namespace DataflowLung.Experiments.TensorBoard;

/// <summary>TFRecord framing, the container of TensorBoard event files: each record is its length (uint64, little
/// endian), the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.</summary>
public static class TfRecord
{
    /// <summary>CRC-32C (Castagnoli), as TensorFlow computes it; <see cref="BitOperations.Crc32C(uint, byte)"/> is the
    /// bare polynomial step (SSE4.2 where present), so the initial and final inversion are ours.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>TensorFlow masks stored CRCs (rotate right by 15, add a constant) so that a CRC of data that holds CRCs stays strong.</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);

    public static uint Unmask(uint masked)
    {
        var rotated = unchecked(masked - 0xa282ead8u);
        return (rotated >> 17) | (rotated << 15);
    }

    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Mask(Crc32C(header[..8])));
        stream.Write(header);
        stream.Write(data);
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Mask(Crc32C(data)));
        stream.Write(footer);
    }

    /// <summary>Every record of a file, checking both CRCs; a truncated or corrupt record is an error naming the file and offset.</summary>
    public static IReadOnlyList<byte[]> ReadAll(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: truncated record header at byte {at}");
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            if (Unmask(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8))) != Crc32C(bytes.AsSpan(at, 8)))
                throw new InvalidDataException($"{path}: bad length CRC at byte {at}");
            if ((ulong)(bytes.Length - at - 16) < length) throw new InvalidDataException($"{path}: truncated record at byte {at}");
            var data = bytes.AsSpan(at + 12, (int)length);
            if (Unmask(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length))) != Crc32C(data))
                throw new InvalidDataException($"{path}: bad data CRC at byte {at}");
            records.Add(data.ToArray());
            at += 16 + (int)length;
        }
        return records;
    }
}
