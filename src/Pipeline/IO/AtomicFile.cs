using System.Diagnostics;
using System.Globalization;

namespace DataflowLung.Pipeline.IO;

/// <summary>The one way a finished output file is written: into a temporary file in the target's own folder (so the
/// rename cannot cross file systems), then renamed into place, so a reader sees the old file or the whole new one,
/// never half of one. A failed write removes its temporary file; one left by a killed process (named
/// <c>.dataflowlung-PID-*.tmp</c>) is removed by <see cref="CleanLeftovers"/> at the next write into that folder.
/// The temporary name is short and fixed in length, so a 254-character target name still fits the file system.</summary>
public static class AtomicFile
{
    private const string Prefix = ".dataflowlung-";
    private const string Suffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which is given the temporary path.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        CleanLeftovers(folder);
        var temp = TemporaryPath(folder);
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A fresh temporary name in <paramref name="folder"/>, one <see cref="CleanLeftovers"/> removes once its
    /// writer is gone (for writers that stage several files before renaming them together, e.g. an epoch's state).</summary>
    public static string TemporaryPath(string folder) =>
        Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}{Suffix}"));

    public static void WriteAllText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Whether <paramref name="name"/> is one of this writer's temporary files.</summary>
    public static bool IsTemporary(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>Removes the temporary files in <paramref name="folder"/> whose writer is no longer running.</summary>
    public static int CleanLeftovers(string folder)
    {
        int removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, Prefix + "*" + Suffix))
            {
                if (WriterAlive(Path.GetFileName(file))) continue;
                if (TryDelete(file)) removed++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* an unreadable folder has nothing of ours to clean */ }
        return removed;
    }

    private static bool WriterAlive(string name)
    {
        var digits = name.AsSpan(Prefix.Length);
        int dash = digits.IndexOf('-');
        if (dash <= 0 || !int.TryParse(digits[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
