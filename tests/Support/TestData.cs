namespace DataflowLung.Tests.Support;

/// <summary>Finds the real recordings (never part of the repository): <c>DATAFLOWLUNG_DATA</c>, else
/// <c>../shared/data</c> beside the checkout. Tests that need them skip with this reason when absent.</summary>
public static class TestData
{
    public static string? Root { get; } = Locate();

    public static string SkipReason =>
        "real recordings not found: set DATAFLOWLUNG_DATA or place them in ../shared/data beside the checkout (see shared/data/SOURCES.md)";

    public static string? Dataset(string name)
    {
        if (Root is null) return null;
        string dir = Path.Combine(Root, name);
        return Directory.Exists(dir) ? dir : null;
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataflowLung.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find DataflowLung.sln above " + AppContext.BaseDirectory);
    }

    static string? Locate()
    {
        string? env = Environment.GetEnvironmentVariable("DATAFLOWLUNG_DATA");
        if (!string.IsNullOrWhiteSpace(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        string shared = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "data"));
        return Directory.Exists(shared) ? shared : null;
    }
}
