using LanguageExt;
using LanguageExt.Common;
using Mono.Unix;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The WAV files a folder scan reads (dataset adapters, <c>predict</c>'s folder inputs): names ending in
/// <c>.wav</c> in any case; regular files only, so a FIFO or device named <c>x.wav</c> is skipped with the reason
/// instead of blocking the reader forever; each real file once, however many links lead to it; folders entered once,
/// so a symbolic-link loop ends (links are followed as <c>find -L</c> does); a link whose real path leaves the named
/// folder is skipped with the reason (<see cref="IO.ContainedPath"/>). Paths keep the name they were found under (links are not rewritten), in ordinal
/// order; of several names for one file the file's own name is kept (else the first link in that order), the others
/// are skipped naming it.</summary>
public static class WavFolder
{
    /// <summary>The files found, and every <c>.wav</c> name that was not taken, with why.</summary>
    public sealed record Listing(Seq<string> Files, Seq<SkippedFile> Skipped);

    /// <summary>What a path is, links followed: a regular file or a folder with the identity of what it points at
    /// (device and inode on Unix) and whether the path itself is a symbolic link, or why it is neither.</summary>
    public sealed record Entry(bool IsDirectory, string Identity, bool IsLink = false);

    public static bool HasWavExtension(string path) => path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>.wav</c> files directly in <paramref name="folder"/>, and below it when <paramref name="recursive"/>.</summary>
    public static Listing List(string folder, bool recursive)
    {
        var candidates = new List<(string Path, string Identity, bool IsLink)>();
        var skipped = new List<SkippedFile>();
        var folders = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        var realRoot = IO.ContainedPath.Real(folder);

        void Walk(string dir, string identity)
        {
            if (!folders.Add(identity)) return; // a link back to a folder already listed (a loop, or a second name)
            string[] names;
            try { names = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToArray(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedFile(dir, $"folder cannot be listed: {e.Message}"));
                return;
            }
            foreach (var path in names)
            {
                var wav = HasWavExtension(path);
                // The path policy: a link leading out of the named folder (to a system file, or `up -> ..`) is not followed.
                var real = IO.ContainedPath.Real(path);
                if (!IO.ContainedPath.IsInside(realRoot, real))
                {
                    if (wav || Directory.Exists(path))
                        skipped.Add(new SkippedFile(path, $"outside the folder {folder} (it resolves to {IO.ContainedPath.Escaped(real, 120)}): not read"));
                    continue;
                }
                Inspect(path).Match(
                    Succ: entry =>
                    {
                        if (entry.IsDirectory) { if (recursive) Walk(path, entry.Identity); }
                        else if (wav) candidates.Add((path, entry.Identity, entry.IsLink));
                    },
                    Fail: e => { if (wav) skipped.Add(new SkippedFile(path, e.Message)); });
            }
        }

        Inspect(folder).Match(
            Succ: entry =>
            {
                if (entry.IsDirectory) Walk(folder, entry.Identity);
                else skipped.Add(new SkippedFile(folder, "not a folder"));
            },
            Fail: e => skipped.Add(new SkippedFile(folder, e.Message)));
        var (files, duplicates) = Distinct(candidates);
        return new Listing(files, toSeq(skipped.Concat(duplicates).OrderBy(s => s.Path, StringComparer.Ordinal).ToArray()));
    }

    /// <summary>Keeps one path per real file — its own name rather than a link to it, else the first in ordinal order —
    /// and lists the others as skipped, naming the kept one. Files come out in ordinal order.</summary>
    public static (Seq<string> Files, Seq<SkippedFile> Duplicates) Distinct(IEnumerable<(string Path, string Identity, bool IsLink)> candidates)
    {
        var groups = candidates.GroupBy(c => c.Identity, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.IsLink).ThenBy(c => c.Path, StringComparer.Ordinal).ToArray())
            .ToArray();
        var files = groups.Select(g => g[0].Path).Order(StringComparer.Ordinal).ToArray();
        var duplicates = groups.SelectMany(g => g.Skip(1).Select(d => new SkippedFile(d.Path, $"the same file as {g[0].Path} (read once)"))).ToArray();
        return (toSeq(files), toSeq(duplicates));
    }

    /// <summary>Follows links; a failure says why the path is not a readable regular file or folder.</summary>
    public static Fin<Entry> Inspect(string path) =>
        OperatingSystem.IsWindows() ? InspectWindows(path) : InspectUnix(path);

    static Fin<Entry> InspectUnix(string path)
    {
        try
        {
            var isLink = new FileInfo(path).LinkTarget is not null; // lstat(2): the path itself
            var target = new UnixFileInfo(path); // stat(2): links followed (File.Exists is true for a dangling link)
            if (!target.Exists)
                return Error.New(isLink ? "a symbolic link to nothing (its target does not exist, or the links loop)" : "no such file or folder");
            var identity = $"{target.Device}:{target.Inode}";
            return target.FileType switch
            {
                FileTypes.RegularFile => new Entry(false, identity, isLink),
                FileTypes.Directory => new Entry(true, identity, isLink),
                FileTypes.Fifo => Error.New("a FIFO (named pipe), not a regular file"),
                FileTypes.CharacterDevice => Error.New("a character device, not a regular file"),
                FileTypes.BlockDevice => Error.New("a block device, not a regular file"),
                FileTypes.Socket => Error.New("a socket, not a regular file"),
                var other => Error.New($"not a regular file ({other})"),
            };
        }
        catch (Exception e) when (e is UnixIOException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return Error.New($"cannot be inspected: {e.Message}");
        }
    }

    // Windows has no FIFOs or device files in folders; a file's identity is its final link target.
    static Fin<Entry> InspectWindows(string path)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (!info.Exists) return Error.New("no such file or folder");
            var final = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            return new Entry(info is DirectoryInfo, Path.GetFullPath(final.FullName).ToUpperInvariant(), info.LinkTarget is not null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Error.New($"cannot be inspected: {e.Message}");
        }
    }
}
