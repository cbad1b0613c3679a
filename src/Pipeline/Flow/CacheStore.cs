using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;

namespace DataflowLung.Pipeline.Flow;

/// <summary>The persistent cache shared by jobs and processes: a root folder with one section per kind of value and
/// identity (<c>signals-&lt;hash&gt;</c>, <c>features-&lt;hash&gt;</c>, each with an <c>identity.txt</c> a person can read),
/// one checksummed file per entry (<see cref="CacheEntryFile"/>) named by the hash of its key.
/// <list type="bullet">
/// <item>Concurrency: entries are immutable and written aside then renamed, so any number of writers and readers, in
/// any processes, only ever see whole entries; a file deleted under a reader is a miss.</item>
/// <item>Corruption: a damaged entry is deleted on read and reported as a miss, so the caller rebuilds it.</item>
/// <item>Bound: least recently used entries (a hit refreshes the file's time) are evicted down to 80 % of
/// <see cref="MaxBytes"/> whenever this instance's estimate of the total passes the bound; the estimate is re-taken
/// from the folder at least every 1/8 of the bound written, so other writers' entries count too. One process trims at
/// a time (a lock file); the others carry on.</item>
/// </list></summary>
public sealed partial class CacheStore
{
    const string EntryExtension = ".dlc";
    const string LockFile = ".trim.lock";
    static readonly TimeSpan StaleTemp = TimeSpan.FromHours(1);

    long estimatedBytes, writtenSinceScan;
    int trimming;
    // The folder's size when opened, taken in the background (thousands of files to stat, a few hundred milliseconds on
    // a job's critical path otherwise) and added to the estimate before anything reads or changes it.
    readonly Lazy<bool> opened;

    public CacheStore(string root, long maxBytes)
    {
        if (maxBytes < 0) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "the cache bound must be ≥ 0");
        Root = Path.GetFullPath(root);
        MaxBytes = maxBytes;
        Directory.CreateDirectory(Root);
        var scan = Task.Run(() => Scan().Sum(e => e.Bytes));
        opened = new Lazy<bool>(() =>
        {
            Interlocked.Add(ref estimatedBytes, scan.GetAwaiter().GetResult());
            return true;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Waits for the opening scan's size (once).</summary>
    void WaitOpened() => _ = opened.Value;

    public string Root { get; }
    public long MaxBytes { get; }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Root, long MaxBytes), Lazy<CacheStore>> Opened = new();

    /// <summary>This process's one store for <paramref name="root"/>: opening scans the whole folder, so every flow of a
    /// process (training and validation, signals and features, every fold) shares one instance, its size estimate and
    /// its trimming. Other processes are separate instances by nature; they meet through the folder.</summary>
    public static CacheStore Shared(string root, long maxBytes) =>
        Opened.GetOrAdd((Path.GetFullPath(root), maxBytes), key => new Lazy<CacheStore>(() => new CacheStore(key.Root, key.MaxBytes))).Value;

    /// <summary>The section holding values of one <paramref name="kind"/> (signals, features) made with one identity
    /// (every parameter and code version that shapes them): a change of identity never reads another's entries.</summary>
    public CacheSection Section(string kind, string identity)
    {
        if (!KindPattern().IsMatch(kind)) throw new ArgumentException($"cache section kind must be lower-case letters (got '{kind}')", nameof(kind));
        string folder = Path.Combine(Root, $"{kind}-{Hash(identity)[..16]}");
        Directory.CreateDirectory(folder);
        string label = Path.Combine(folder, "identity.txt");
        if (!File.Exists(label))
        {
            try { File.WriteAllText(label, identity + Environment.NewLine); }
            catch (IOException) { /* another writer is labelling it */ }
        }
        return new CacheSection(this, folder);
    }

    /// <summary>Where an entry of <paramref name="key"/> lives in a section folder.</summary>
    public static string EntryPath(string sectionFolder, string key)
    {
        string name = Hash(key);
        return Path.Combine(sectionFolder, name[..2], name + EntryExtension);
    }

    internal void Wrote(long bytes)
    {
        WaitOpened();
        long total = Interlocked.Add(ref estimatedBytes, bytes);
        long sinceScan = Interlocked.Add(ref writtenSinceScan, bytes);
        if (total > MaxBytes || sinceScan > Math.Max(MaxBytes / 8, 1)) Trim();
    }

    internal void Removed(long bytes)
    {
        WaitOpened();
        Interlocked.Add(ref estimatedBytes, -bytes);
    }

    /// <summary>Re-takes the folder's size and, when over the bound, deletes the least recently used entries down to
    /// 80 % of it. Returns the bytes left (this instance's estimate when another process is trimming).</summary>
    public long Trim()
    {
        WaitOpened();
        if (Interlocked.Exchange(ref trimming, 1) == 1) return Interlocked.Read(ref estimatedBytes);
        try
        {
            using var gate = TryLock();
            if (gate is null) return Interlocked.Read(ref estimatedBytes);
            Interlocked.Exchange(ref writtenSinceScan, 0);
            var entries = Scan();
            long total = entries.Sum(e => e.Bytes);
            if (total > MaxBytes)
            {
                long target = MaxBytes / 10 * 8;
                foreach (var entry in entries.OrderBy(e => e.LastUsed))
                {
                    if (total <= target) break;
                    if (CacheEntryFile.TryDelete(entry.Path)) total -= entry.Bytes;
                }
            }
            Interlocked.Exchange(ref estimatedBytes, total);
            return total;
        }
        finally
        {
            Volatile.Write(ref trimming, 0);
        }
    }

    /// <summary>What the cache holds, per section.</summary>
    public CacheInfo Info()
    {
        var sections = SectionFolders().Select(folder =>
        {
            var entries = Entries(folder).ToArray();
            string label = Path.Combine(folder, "identity.txt");
            string identity = File.Exists(label) ? File.ReadAllText(label).Trim() : "";
            return new CacheInfo.Section(Path.GetFileName(folder), identity, entries.Length, entries.Sum(e => e.Bytes),
                entries.Length == 0 ? null : entries.Max(e => e.LastUsed));
        }).OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return new CacheInfo(Root, MaxBytes, sections);
    }

    /// <summary>Deletes every section (only folders this store made, never anything else under the root). Returns the bytes freed.</summary>
    public long Clear()
    {
        WaitOpened();
        long freed = 0;
        foreach (var folder in SectionFolders())
        {
            freed += Entries(folder).Sum(e => e.Bytes);
            try { Directory.Delete(folder, recursive: true); }
            catch (DirectoryNotFoundException) { /* cleared by another process */ }
        }
        Interlocked.Exchange(ref estimatedBytes, 0);
        return freed;
    }

    internal sealed record Entry(string Path, long Bytes, DateTime LastUsed);

    IReadOnlyList<Entry> Scan()
    {
        var all = new List<Entry>();
        foreach (var folder in SectionFolders()) all.AddRange(Entries(folder));
        return all;
    }

    IEnumerable<string> SectionFolders() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Where(d => SectionPattern().IsMatch(Path.GetFileName(d)))
            : [];

    static IEnumerable<Entry> Entries(string sectionFolder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 1 };
        IEnumerable<FileInfo> files;
        try { files = new DirectoryInfo(sectionFolder).EnumerateFiles("*", options).ToArray(); }
        catch (DirectoryNotFoundException) { yield break; }
        foreach (var file in files)
        {
            if (file.Name.EndsWith(EntryExtension, StringComparison.Ordinal))
                yield return new Entry(file.FullName, file.Length, file.LastWriteTimeUtc);
            else if (file.Name.EndsWith(".tmp", StringComparison.Ordinal) && DateTime.UtcNow - file.LastWriteTimeUtc > StaleTemp)
                CacheEntryFile.TryDelete(file.FullName); // left by a writer that died mid-entry
        }
    }

    FileStream? TryLock()
    {
        try
        {
            return new FileStream(Path.Combine(Root, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // another process is trimming
        }
    }

    internal static string Hash(string text) =>
        Convert.ToHexString(XxHash128.Hash(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[a-z]+-[0-9a-f]{16}$")]
    private static partial Regex SectionPattern();
}
