using System.Collections.Concurrent;
using System.IO.Hashing;

namespace DataflowLung.Pipeline.Flow;

/// <summary>What identifies a recording's bytes for the caches: the XxHash128 of the file's content, so a moved,
/// renamed or copied file keeps its cache entries and a rewritten one never reuses stale ones. Hashing reads the file,
/// so each result is remembered for the process under the file's path, size and modification time.</summary>
public static class RecordingKey
{
    static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    /// <summary>The content key, or null when the file cannot be read (then nothing of it is cached).</summary>
    public static string? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            string stamp = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
            if (Known.TryGetValue(stamp, out var known)) return known;
            var hash = new XxHash128();
            using (var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16))
                hash.Append(stream);
            string key = $"xxh128:{Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant()}:{info.Length}";
            Known[stamp] = key;
            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
