using LanguageExt;
using LanguageExt.Common;
using Mono.Unix;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.IO;

/// <summary>The one path policy for inputs: a file is read only when its real path (every link resolved) lies inside
/// the real path of the folder the user named. A symbolic link to a system file, a manifest row with an absolute or
/// <c>../</c> path, or a link to an ancestor folder is skipped with the reason and never opened. Folder walks
/// (<see cref="Datasets.WavFolder"/>) follow links the way <c>find -L</c> does, with loop detection, and ask this
/// class before entering a folder or taking a file.</summary>
public static class ContainedPath
{
    /// <summary>The path with every symbolic link resolved (as realpath(3)); a path that cannot be resolved (it does
    /// not exist) is made absolute instead.</summary>
    public static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            var info = Directory.Exists(full) ? (FileSystemInfo)new DirectoryInfo(full) : new FileInfo(full);
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        try
        {
            return UnixPath.GetCompleteRealPath(full);
        }
        catch (Exception e) when (e is UnixIOException or IOException or ArgumentException or InvalidOperationException)
        {
            return full;
        }
    }

    /// <summary>Whether <paramref name="path"/>, resolved, is <paramref name="root"/> or lies below it (both real paths).</summary>
    public static bool IsInside(string realRoot, string realPath)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var root = Path.TrimEndingDirectorySeparator(realRoot);
        if (root.EndsWith(Path.DirectorySeparatorChar)) return true; // the file system's root holds every path
        return realPath.Equals(root, comparison) || realPath.StartsWith(root + Path.DirectorySeparatorChar, comparison);
    }

    /// <summary><paramref name="path"/> when its real path lies inside <paramref name="root"/>, else why it is not read.</summary>
    public static Fin<string> Within(string root, string path)
    {
        var realRoot = Real(root);
        var real = Real(path);
        return IsInside(realRoot, real)
            ? FinSucc(path)
            : FinFail<string>(Error.New($"outside the folder {root} (it resolves to {Escaped(real, 120)}): not read"));
    }

    /// <summary>A short, printable excerpt: control characters escaped, cut at <paramref name="max"/> characters. The
    /// only form in which an input's text goes into a report.</summary>
    public static string Escaped(string text, int max = 80)
    {
        var cut = text.Length > max ? text[..max] + "…" : text;
        return string.Concat(cut.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
