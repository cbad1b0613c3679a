using LanguageExt;
using LanguageExt.Common;
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
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        int hops = 0;
        var pending = new Stack<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { resolved = Path.GetDirectoryName(resolved) ?? root; continue; }
            var next = Path.Combine(resolved, part);
            string? link;
            try { link = new FileInfo(next).LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { link = null; }
            if (link is null) { resolved = next; continue; }
            if (++hops > MaxLinkHops) return full; // a link loop: nothing real to name
            // The link's target replaces this component: an absolute one restarts from the root.
            if (Path.IsPathRooted(link)) resolved = Path.GetPathRoot(link)!;
            foreach (var p in link[(Path.IsPathRooted(link) ? Path.GetPathRoot(link)!.Length : 0)..]
                         .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(p);
        }
        return resolved;
    }

    /// <summary>The most links followed in one path (as the kernel's ELOOP limit).</summary>
    private const int MaxLinkHops = 40;

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
