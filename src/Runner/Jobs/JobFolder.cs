using System.Globalization;
using DataflowLung.Runner.Parameters;

namespace DataflowLung.Runner.Jobs;

/// <summary>One job's folder, <c>OUT/&lt;task&gt;/&lt;config&gt;/&lt;id&gt;/</c>, and the names of the files in it.
/// Ids are three-digit, zero-padded integers ("001", "002", ...) so folders sort in run order; a new job
/// always takes the next free id and an existing folder is never deleted or written into (the original
/// wiped it).</summary>
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
            if (System.IO.Directory.Exists(dir)) continue;
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
}
