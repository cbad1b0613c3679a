using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>Checks the output root (<c>--out</c>) before any job folder is made, so a bad path is one clear error
/// instead of a stack trace or a half-made job: not empty, a folder (or a path one can become: no file on the way),
/// and writable (a probe file is created in the nearest existing folder and deleted at once).</summary>
public static class OutputRoot
{
    public static Seq<string> Check(string outRoot, string source = "--out", string holds = "job folders go")
    {
        if (string.IsNullOrWhiteSpace(outRoot))
            return Seq1($"{source} is empty: give the folder the job folders go under (the default is ./runs)");
        string full;
        try { full = Path.GetFullPath(outRoot); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Seq1($"{source} \"{outRoot}\" is not a usable path: {e.Message}");
        }
        if (File.Exists(full))
            return Seq1($"{source} {full} is a file, not a folder: {holds} under a folder");
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                return Seq1($"{source} {full} cannot be made: {existing} is a file, not a folder");
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) return Seq1($"{source} {full}: none of its folders exists");
            existing = parent;
        }
        return Writable(existing).Match(
            Some: why => Seq1($"{source} {full} is not writable ({existing}: {why})"),
            None: () => Seq<string>());
    }

    /// <summary>None when a file can be created in <paramref name="folder"/>, else why not.</summary>
    public static Option<string> Writable(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".dataflowlung-write-test-{Guid.NewGuid():N}"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Some(e.Message);
        }
    }
}
