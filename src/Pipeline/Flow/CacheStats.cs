namespace DataflowLung.Pipeline.Flow;

/// <summary>What a <see cref="SpillCache"/> holds and how often it answered.</summary>
public sealed record CacheStats(int MemoryItems, long MemoryBytes, int DiskWrites, long MemoryHits, long DiskHits, long Misses);
