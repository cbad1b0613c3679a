using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.IO;

/// <summary>The overwrite rule for a file a command writes where the user pointed it (<c>export --out</c>,
/// <c>spectrogram --out</c>): outputs never replace what they did not create.
/// <list type="bullet">
/// <item>A folder, a link, a WAV recording or an annotation file is never a target.</item>
/// <item>Nothing is written into a job folder (one holding <c>model.json</c>, <c>params.json</c> or <c>.claimed</c>)
/// except under a name the command owns there (<paramref name="ownedInJobFolder"/>: export's <c>model.onnx</c>, ...);
/// a job's own files (model.pt, report.json, ...) are never replaced.</item>
/// <item>Nothing is written into a data folder (one holding WAV recordings).</item>
/// <item>An existing file is replaced only with <c>--force</c>.</item>
/// </list></summary>
public static class OutputTarget
{
    private static readonly string[] JobMarkers = ["model.json", "params.json", ".claimed"];

    /// <summary>The full path to write, or why <paramref name="path"/> may not be written.</summary>
    public static Fin<string> Check(string path, bool force, IReadOnlyCollection<string>? ownedInJobFolder = null)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var name = Path.GetFileName(full);
            if (name.Length == 0 || Directory.Exists(full))
                return Refuse(path, "is a folder; give a file name");
            var info = new FileInfo(full);
            if (info.Exists && Datasets.WavFolder.Inspect(full).Match(e => e.IsDirectory, _ => true))
                return Refuse(path, "is not a regular file (a device, FIFO or socket); it is never replaced");
            if (info.LinkTarget is not null)
                return Refuse(path, "is a link; writing through it would replace a file elsewhere");
            var folder = Path.GetDirectoryName(full)!;
            if (Directory.Exists(folder))
            {
                if (JobMarkers.Any(m => File.Exists(Path.Combine(folder, m))) && !(ownedInJobFolder?.Contains(name) ?? false))
                    return Refuse(path, $"is inside the job folder {folder}, which this command does not own (write it elsewhere)");
                if (IsRecording(info))
                    return Refuse(path, "is a recording; it is never replaced");
                if (Directory.EnumerateFiles(folder, "*.wav", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }).Any())
                    return Refuse(path, $"is inside the data folder {folder}, which holds recordings (write it elsewhere)");
            }
            if (info.Exists && !force)
                return Refuse(path, "already exists (give --force to replace it)");
            return FinSucc(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Refuse(path, $"cannot be checked ({e.Message})");
        }
    }

    /// <summary>A WAV by name or by its RIFF header (a recording renamed to <c>.png</c> is still one).</summary>
    private static bool IsRecording(FileInfo file)
    {
        if (!file.Exists) return false;
        if (file.Extension.Equals(".wav", StringComparison.OrdinalIgnoreCase)) return true;
        Span<byte> head = stackalloc byte[4];
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("RIFF"u8);
    }

    private static Fin<string> Refuse(string path, string why) => FinFail<string>(Error.New($"{path}: {why}"));
}
