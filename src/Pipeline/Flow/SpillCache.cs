using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Flow;

/// <summary>A float-array cache that lives across epochs: in memory while the total stays under a byte budget,
/// beyond it in one small file per entry under <c>folder/&lt;hash of identity&gt;/</c>, read back through a
/// memory map (the OS page cache then holds what fits). Entries are immutable once stored; the graph never
/// mutates cached arrays (the stages are pure). Keys must include whatever changes the value (file size and
/// time for recordings); the identity covers the parameters.</summary>
public sealed class SpillCache
{
    const int Magic = 0x31434C44; // "DLC1"
    const int HeaderBytes = 12;

    readonly ConcurrentDictionary<string, CachedArray> memory = new(StringComparer.Ordinal);
    readonly long budgetBytes;
    readonly string? folder;
    long memoryBytes, memoryHits, diskHits, misses;
    int diskWrites;

    public SpillCache(long memoryBudgetBytes, string? cacheFolder, string identity)
    {
        budgetBytes = Math.Max(0, memoryBudgetBytes);
        if (cacheFolder is null) return;
        folder = Path.Combine(cacheFolder, Hash(identity)[..16]);
        Directory.CreateDirectory(folder);
        // A human can tell what a cache folder holds (and delete stale ones).
        File.WriteAllText(Path.Combine(folder, "identity.txt"), identity + Environment.NewLine);
    }

    public Option<CachedArray> TryGet(string key)
    {
        if (memory.TryGetValue(key, out var hit))
        {
            Interlocked.Increment(ref memoryHits);
            return hit;
        }
        var fromDisk = folder is null ? None : ReadFile(FileFor(key));
        Interlocked.Increment(ref fromDisk.IsSome ? ref diskHits : ref misses);
        return fromDisk;
    }

    public void Put(string key, CachedArray value)
    {
        long size = (long)value.Data.Length * sizeof(float);
        if (Interlocked.Add(ref memoryBytes, size) <= budgetBytes)
        {
            if (!memory.TryAdd(key, value)) Interlocked.Add(ref memoryBytes, -size);
            return;
        }
        Interlocked.Add(ref memoryBytes, -size);
        if (folder is null) return;
        string path = FileFor(key);
        if (File.Exists(path)) return;
        WriteFile(path, value);
        Interlocked.Increment(ref diskWrites);
    }

    public CacheStats Stats() => new(memory.Count, Interlocked.Read(ref memoryBytes), Volatile.Read(ref diskWrites),
        Interlocked.Read(ref memoryHits), Interlocked.Read(ref diskHits), Interlocked.Read(ref misses));

    string FileFor(string key) => Path.Combine(folder!, Hash(key) + ".f32");

    static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    static void WriteFile(string path, CachedArray value)
    {
        // Write aside, then move: a reader never sees half a file, and two writers of one key both leave a whole one.
        string temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var stream = File.Create(temp))
        {
            Span<int> header = [Magic, value.Tag, value.Data.Length];
            stream.Write(MemoryMarshal.AsBytes(header));
            stream.Write(MemoryMarshal.AsBytes(value.Data.AsSpan()));
        }
        File.Move(temp, path, overwrite: true);
    }

    static Option<CachedArray> ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length < HeaderBytes) return None;
            using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            int magic = view.ReadInt32(0), tag = view.ReadInt32(4), count = view.ReadInt32(8);
            if (magic != Magic || count < 0 || HeaderBytes + (long)count * sizeof(float) != info.Length) return None;
            var data = new float[count];
            view.ReadArray(HeaderBytes, data, 0, count);
            return new CachedArray(data, tag);
        }
        catch (IOException)
        {
            return None; // a damaged or vanished cache file is a miss: the value is recomputed
        }
        catch (UnauthorizedAccessException)
        {
            return None;
        }
    }
}
