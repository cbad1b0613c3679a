namespace DataflowLung.Pipeline.Flow;

/// <summary>One section of a <see cref="CacheStore"/>: the entries of one kind and identity.</summary>
public sealed class CacheSection
{
    readonly CacheStore store;

    internal CacheSection(CacheStore store, string folder)
    {
        this.store = store;
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>The entry of <paramref name="key"/>; a damaged one is deleted (and counted by the caller as corrupt).</summary>
    public CacheEntryFile.ReadResult Read(string key)
    {
        string path = CacheStore.EntryPath(Folder, key);
        CacheEntryFile.ReadResult result;
        try
        {
            result = CacheEntryFile.Read(path, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result = new CacheEntryFile.ReadResult.Corrupt(e.Message);
        }
        switch (result)
        {
            case CacheEntryFile.ReadResult.Hit:
                Touch(path);
                break;
            case CacheEntryFile.ReadResult.Corrupt:
                long size = SizeOrZero(path);
                if (CacheEntryFile.TryDelete(path)) store.Removed(size);
                break;
        }
        return result;
    }

    /// <summary>Stores an entry (replacing any). Failing to write (disk full, read-only cache) loses only the caching.</summary>
    public bool Write(string key, CachedArray value)
    {
        string path = CacheStore.EntryPath(Folder, key);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            CacheEntryFile.Write(path, key, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        store.Wrote(CacheEntryFile.SizeOf(key, value));
        return true;
    }

    /// <summary>A hit makes the entry recently used: eviction goes by the file's modification time.</summary>
    static void Touch(string path)
    {
        try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* evicted meanwhile: the value read is still good */ }
    }

    static long SizeOrZero(string path)
    {
        try { return new FileInfo(path).Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }
}
