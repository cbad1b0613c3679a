using System.Globalization;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>One job's folder, <c>OUT/&lt;task&gt;/&lt;config&gt;/&lt;id&gt;/</c>, and the names of the files in it.
/// Ids are three-digit, zero-padded integers ("001", "002", ...) so folders sort in run order; a new job
/// always takes the next free id and an existing folder is never deleted or written into (the original
/// wiped it). A name already taken by anything (a stray file named <c>001</c> too) is skipped. While a run works in
/// a folder it holds the folder's <see cref="JobLock"/>.</summary>
public sealed record JobFolder(string Directory, string Id)
{
    public string ParamsJson => Path.Combine(Directory, "params.json");
    public string Log => Path.Combine(Directory, "log.txt");
    public string MetricsCsv => Path.Combine(Directory, "metrics.csv");
    public string ReportJson => Path.Combine(Directory, "report.json");
    public string ReportMarkdown => Path.Combine(Directory, "report.md");
    public string Model => Path.Combine(Directory, "model.pt");
    public string PredictionsCsv => Path.Combine(Directory, "predictions.csv");
    public string Plots => Path.Combine(Directory, "plots");

    public static string GroupDirectory(JobParameters p, string kind) =>
        Path.Combine(p.Paths.OutRoot, kind, p.ConfigFolderName);

    /// <summary>Creates the next free job folder under <paramref name="group"/>. A folder is claimed by
    /// creating a marker file exclusively, so two runs started together never share one.</summary>
    public static JobFolder CreateNext(string group)
    {
        System.IO.Directory.CreateDirectory(group);
        var next = System.IO.Directory.EnumerateDirectories(group)
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max() + 1;
        for (; ; next++)
        {
            var id = next.ToString("000", CultureInfo.InvariantCulture);
            var dir = Path.Combine(group, id);
            if (Path.Exists(dir)) continue;
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                using (new FileStream(Path.Combine(dir, ".claimed"), FileMode.CreateNew)) { }
            }
            catch (IOException)
            {
                continue; // another run claimed it between our check and create
            }
            System.IO.Directory.CreateDirectory(Path.Combine(dir, "plots"));
            return new JobFolder(Path.GetFullPath(dir), id);
        }
    }

    /// <summary>A new job: the next free folder under <paramref name="group"/>, locked for this process. A failure
    /// is a message and leaves no folder behind.</summary>
    public static Fin<(JobFolder Folder, JobLock Lock)> Start(string group)
    {
        JobFolder folder;
        try { folder = CreateNext(group); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Error.New($"cannot create a job folder under {group}: {e.Message}");
        }
        return JobLock.Acquire(folder.Directory).Match(
            Succ: l => FinSucc((folder, l)),
            Fail: e =>
            {
                folder.Abandon();
                return FinFail<(JobFolder, JobLock)>(e);
            });
    }

    /// <summary>Removes a folder whose job could not start (nothing in it is a result).</summary>
    public void Abandon()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: the start already failed loudly */ }
    }
}
