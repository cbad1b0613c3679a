using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>The folder holding one sub-folder per dataset: <c>--data-root</c>, else the
/// <c>DATAFLOWLUNG_DATA</c> environment variable, else <c>./data</c>. <see cref="Source"/> says which,
/// so an error can tell the user where the path came from.</summary>
public sealed record DataRoot(string Path, string Source)
{
    public const string EnvironmentVariable = "DATAFLOWLUNG_DATA";

    public static DataRoot Resolve(Option<string> fromCommandLine, Func<string, string?> environment) =>
        fromCommandLine.Match(
            p => new DataRoot(p, "--data-root"),
            () => environment(EnvironmentVariable) is { Length: > 0 } env
                ? new DataRoot(env, $"the {EnvironmentVariable} environment variable")
                : new DataRoot("data", "the default ./data (set --data-root or DATAFLOWLUNG_DATA)"));

    /// <summary>Problems with the root and each requested dataset's folder, each message saying where it
    /// looked and how the folder must look.</summary>
    /// <summary>Why the root is not a path at all (empty, illegal characters): a bad argument, not missing data.</summary>
    public Option<string> PathProblem()
    {
        if (string.IsNullOrWhiteSpace(Path))
            return $"the data root is empty (taken from {Source}): give the folder that holds one folder per dataset, e.g. DIR/icbhi/ and DIR/jordan/";
        try
        {
            System.IO.Path.GetFullPath(Path);
            return None;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"data root \"{Path}\" (taken from {Source}) is not a usable path: {e.Message}";
        }
    }

    public Seq<string> Check(IEnumerable<string> datasets)
    {
        if (PathProblem().Case is string problem) return Seq1(problem);
        var full = System.IO.Path.GetFullPath(Path);
        if (!Directory.Exists(full))
            return Seq1($"data root {full} does not exist (taken from {Source}). It must hold one folder per dataset, e.g. {System.IO.Path.Combine(full, "icbhi")}/ and {System.IO.Path.Combine(full, "jordan")}/.");
        return toSeq(datasets
            .Select(d => (Dataset: d, Folder: System.IO.Path.Combine(full, d)))
            .Where(d => !Directory.Exists(d.Folder))
            .Select(d => $"dataset folder {d.Folder} not found (data root from {Source}). Expected: {DatasetLayouts.Describe(d.Dataset)}")
            .ToArray());
    }

    public string DatasetFolder(string dataset) => System.IO.Path.Combine(System.IO.Path.GetFullPath(Path), dataset);
}
