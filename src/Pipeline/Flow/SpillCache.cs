using System.Collections.Concurrent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Flow;

/// <summary>A float-array cache in two tiers: memory up to a byte budget, then (optionally) a section of the
/// persistent <see cref="CacheStore"/> that outlives the job. Every value put goes to the store (so the next job on
/// the same data finds it) and stays in memory while the budget allows; a value found only in the store is promoted
/// to memory when it fits. The memory tier keeps what came first and never evicts: an epoch visits every entry once
/// in a new order, a pattern where LRU would evict exactly what is needed next. Entries are immutable; the graph never
/// mutates cached arrays (the stages are pure). Keys must include whatever changes the value (the content hash of the
/// recording); the section's identity covers the parameters and code versions.</summary>
public sealed class SpillCache
{
    readonly ConcurrentDictionary<string, CachedArray> memory = new(StringComparer.Ordinal);
    readonly long budgetBytes;
    readonly CacheSection? disk;
    long memoryBytes, memoryHits, diskHits, misses, corrupt;
    int diskWrites;

    /// <param name="memoryBudgetBytes">Bytes of values kept in memory (0: none).</param>
    /// <param name="store">The persistent store, or null for memory only (beyond the budget values are recomputed).</param>
    /// <param name="kind">Section kind in the store (signals, features).</param>
    /// <param name="identity">Everything that shapes the values besides their key.</param>
    public SpillCache(long memoryBudgetBytes, CacheStore? store, string kind, string identity)
    {
        budgetBytes = Math.Max(0, memoryBudgetBytes);
        disk = store?.Section(kind, identity);
    }

    /// <summary>The memory tier's budget: a value larger than this is never held by the cache (nor decoded whole by the
    /// graph, see <see cref="ChunkStreaming"/>).</summary>
    public long MemoryBudgetBytes => budgetBytes;

    /// <summary>The store's section folder, when there is a store.</summary>
    public string? Folder => disk?.Folder;

    public Option<CachedArray> TryGet(string key) => Lookup(key, countMiss: true);

    /// <summary>A look-up that counts hits but not a miss: the second look of a caller that already counted its miss.</summary>
    internal Option<CachedArray> Lookup(string key, bool countMiss)
    {
        if (memory.TryGetValue(key, out var hit))
        {
            Interlocked.Increment(ref memoryHits);
            return hit;
        }
        if (disk is null)
        {
            if (countMiss) Interlocked.Increment(ref misses);
            return None;
        }
        switch (disk.Read(key))
        {
            case CacheEntryFile.ReadResult.Hit found:
                Interlocked.Increment(ref diskHits);
                KeepInMemory(key, found.Value);
                return found.Value;
            case CacheEntryFile.ReadResult.Corrupt:
                Interlocked.Increment(ref corrupt);
                break;
        }
        if (countMiss) Interlocked.Increment(ref misses);
        return None;
    }

    /// <summary>Whether a value put now would be kept somewhere (the store, or memory budget left).</summary>
    public bool Retains => disk is not null || Interlocked.Read(ref memoryBytes) < budgetBytes;

    public void Put(string key, CachedArray value)
    {
        KeepInMemory(key, value);
        if (disk is not null && disk.Write(key, value)) Interlocked.Increment(ref diskWrites);
    }

    void KeepInMemory(string key, CachedArray value)
    {
        long size = (long)value.Data.Length * sizeof(float);
        if (Interlocked.Add(ref memoryBytes, size) <= budgetBytes && memory.TryAdd(key, value)) return;
        Interlocked.Add(ref memoryBytes, -size);
    }

    public CacheStats Stats() => new(memory.Count, Interlocked.Read(ref memoryBytes), Volatile.Read(ref diskWrites),
        Interlocked.Read(ref memoryHits), Interlocked.Read(ref diskHits), Interlocked.Read(ref misses), Interlocked.Read(ref corrupt));
}
