using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>Where <c>demo --corpus DIR</c> may write its synthetic recordings: a new or empty folder, or one it made
/// before (it holds <see cref="MarkerFile"/>). Anything else is refused: the demo writes recordings and diagnosis
/// files with real-looking names, which would overwrite or mix with real data.</summary>
public static class DemoCorpusFolder
{
    public const string MarkerFile = ".dataflowlung-demo-corpus";

    /// <summary>The folder's full path, created and marked, or why it may not be used.</summary>
    public static Fin<string> Claim(string folder)
    {
        static Fin<string> Refuse(string why) => FinFail<string>(Error.New(why));
        if (string.IsNullOrWhiteSpace(folder)) return Refuse("--corpus is empty: give a new or empty folder for the synthetic corpus");
        try
        {
            var full = Path.GetFullPath(folder);
            var marker = Path.Combine(full, MarkerFile);
            if (File.Exists(full)) return Refuse($"--corpus {full} is a file; give a new or empty folder");
            if (Directory.Exists(full) && !File.Exists(marker) && Directory.EnumerateFileSystemEntries(full).Any())
                return Refuse($"--corpus {full} is not empty and was not made by `runner demo` (no {MarkerFile} in it); the demo writes " +
                       "synthetic recordings and diagnosis files with real-looking names and would overwrite or mix with what is there. " +
                       "Give a new or empty folder");
            Directory.CreateDirectory(full);
            File.WriteAllText(marker, "Synthetic corpus written by `runner demo` (DataflowLung). Not real recordings; the demo may overwrite this folder.\n");
            return FinSucc(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Refuse($"--corpus {folder}: {e.Message}");
        }
    }
}
