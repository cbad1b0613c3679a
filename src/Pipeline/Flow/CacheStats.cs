namespace DataflowLung.Pipeline.Flow;

/// <summary>What a <see cref="SpillCache"/> holds and how often it answered: from memory, from the persistent store,
/// not at all (computed), and how many store entries were found damaged (deleted and rebuilt).</summary>
public sealed record CacheStats(int MemoryItems, long MemoryBytes, int DiskWrites, long MemoryHits, long DiskHits, long Misses, long Corrupt = 0);
