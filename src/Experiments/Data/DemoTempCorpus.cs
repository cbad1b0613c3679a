using System.Diagnostics;
using System.Globalization;

namespace DataflowLung.Experiments.Data;

/// <summary>The demo's default corpus: a folder in the system's temp folder, owned by the demo's process and removed when
/// the demo ends. A demo killed outright (SIGKILL, a power cut) cannot remove its corpus (~40 MB), so each demo first
/// removes the corpora of demos whose process is gone: a folder named <see cref="Prefix"/>… whose owner file names a
/// process that no longer runs (the id and start time together, so a reused id is not mistaken for the owner), or an
/// ownerless one (written before owners were recorded) older than <see cref="OwnerlessAge"/>.</summary>
public static class DemoTempCorpus
{
    public const string Prefix = "dataflowlung-demo-";
    public const string OwnerFile = ".dataflowlung-demo-owner";
    public static readonly TimeSpan OwnerlessAge = TimeSpan.FromHours(6);

    /// <summary>Removes stale demo corpora from the temp folder, then makes and owns a new one; returns its path.</summary>
    public static string Create()
    {
        SweepStale(Path.GetTempPath(), DateTime.UtcNow);
        var folder = Directory.CreateTempSubdirectory(Prefix).FullName;
        File.WriteAllText(Path.Combine(folder, OwnerFile), OwnerOf(Process.GetCurrentProcess()));
        return folder;
    }

    /// <summary>The demo corpora under <paramref name="tempRoot"/> whose owner is gone, removed; returns their paths.
    /// Nothing else is touched: only direct sub-folders with the prefix, never through a link.</summary>
    public static IReadOnlyList<string> SweepStale(string tempRoot, DateTime nowUtc)
    {
        var removed = new List<string>();
        IEnumerable<DirectoryInfo> candidates;
        try { candidates = new DirectoryInfo(tempRoot).EnumerateDirectories(Prefix + "*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return removed; }
        foreach (var folder in candidates.Where(f => f.LinkTarget is null && IsStale(f, nowUtc)))
        {
            try
            {
                folder.Delete(recursive: true);
                removed.Add(folder.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* another user's, or in use: left alone */ }
        }
        return removed;
    }

    /// <summary>"PID START-TICKS" of <paramref name="process"/>: what identifies a running process across id reuse.</summary>
    public static string OwnerOf(Process process) =>
        string.Create(CultureInfo.InvariantCulture, $"{process.Id} {process.StartTime.ToUniversalTime().Ticks}");

    private static bool IsStale(DirectoryInfo folder, DateTime nowUtc)
    {
        var ownerFile = Path.Combine(folder.FullName, OwnerFile);
        string? owner;
        try { owner = File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        if (owner is null) return nowUtc - folder.LastWriteTimeUtc > OwnerlessAge;
        var parts = owner.Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return OwnerOf(process) != owner; // the id now belongs to another process
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return true; // no such process
        }
    }
}
