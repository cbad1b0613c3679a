using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace DataflowLung.Pipeline.Flow;

/// <summary>One persistent cache entry as a file: a header that names the key, then the float payload, with an
/// XxHash64 checksum over everything after it, so a torn, truncated or bit-flipped file is detected on read.
/// <code>
/// 0  "DLC2"     4 version  8 checksum (XxHash64 of bytes 16..end)
/// 16 tag (int)  20 count   24 key length   28 key (UTF-8)   then count × float32
/// </code>
/// Written aside and renamed into place, so a reader sees a whole file or none, and two writers of one key each
/// leave a whole one (the last rename wins; their contents are equal).</summary>
public static class CacheEntryFile
{
    const int Magic = 0x32434C44; // "DLC2"
    const int Version = 2;
    const int HeaderBytes = 28;

    /// <summary>What reading an entry found: the value, nothing there, or a damaged file (the caller deletes and rebuilds it).</summary>
    public abstract record ReadResult
    {
        public sealed record Hit(CachedArray Value) : ReadResult;
        public sealed record Missing : ReadResult;
        public sealed record Corrupt(string Reason) : ReadResult;
    }

    public static long SizeOf(string key, CachedArray value) =>
        HeaderBytes + Encoding.UTF8.GetByteCount(key) + (long)value.Data.Length * sizeof(float);

    public static void Write(string path, string key, CachedArray value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var payload = MemoryMarshal.AsBytes(value.Data.AsSpan());
        Span<byte> fields = stackalloc byte[12];
        MemoryMarshal.Write(fields, value.Tag);
        MemoryMarshal.Write(fields[4..], value.Data.Length);
        MemoryMarshal.Write(fields[8..], keyBytes.Length);
        var hash = new XxHash64();
        hash.Append(fields);
        hash.Append(keyBytes);
        hash.Append(payload);
        Span<byte> head = stackalloc byte[16];
        MemoryMarshal.Write(head, Magic);
        MemoryMarshal.Write(head[4..], Version);
        MemoryMarshal.Write(head[8..], hash.GetCurrentHashAsUInt64());

        string temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(head);
                stream.Write(fields);
                stream.Write(keyBytes);
                stream.Write(payload);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static ReadResult Read(string path, string key)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ReadResult.Missing();
        }
        using (stream)
        {
            Span<byte> head = stackalloc byte[HeaderBytes];
            if (stream.ReadAtLeast(head, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes) return Corrupt("shorter than its header");
            int magic = MemoryMarshal.Read<int>(head), version = MemoryMarshal.Read<int>(head[4..]);
            ulong checksum = MemoryMarshal.Read<ulong>(head[8..]);
            int tag = MemoryMarshal.Read<int>(head[16..]), count = MemoryMarshal.Read<int>(head[20..]), keyLength = MemoryMarshal.Read<int>(head[24..]);
            if (magic != Magic || version != Version) return Corrupt("not a cache entry of this version");
            if (count < 0 || keyLength < 0 || stream.Length != HeaderBytes + (long)keyLength + (long)count * sizeof(float))
                return Corrupt($"length {stream.Length} does not match its header");
            var keyBytes = new byte[keyLength];
            stream.ReadExactly(keyBytes);
            var data = new float[count];
            var payload = MemoryMarshal.AsBytes(data.AsSpan());
            stream.ReadExactly(payload);
            var hash = new XxHash64();
            hash.Append(head[16..]);
            hash.Append(keyBytes);
            hash.Append(payload);
            if (hash.GetCurrentHashAsUInt64() != checksum) return Corrupt("checksum mismatch");
            // A different key under this name would be a hash collision: treat it as absent, never as this key's value.
            if (!keyBytes.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(key))) return new ReadResult.Missing();
            return new ReadResult.Hit(new CachedArray(data, tag));
        }
    }

    static ReadResult Corrupt(string reason) => new ReadResult.Corrupt(reason);

    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
