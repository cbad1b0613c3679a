namespace DataflowLung.Pipeline.Audio;

/// <summary>Small stream helpers that tolerate short reads and non-seekable streams.</summary>
internal static class StreamIo
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when the stream ends first.</summary>
    public static bool Skip(Stream stream, long count)
    {
        if (count == 0) return true;
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < count) { stream.Seek(0, SeekOrigin.End); return false; }
            stream.Seek(count, SeekOrigin.Current);
            return true;
        }
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            int n = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (n == 0) return false;
            count -= n;
        }
        return true;
    }
}
