namespace DataflowLung.Experiments.Data;

/// <summary>Where the persistent cache lives by default: <c>DATAFLOWLUNG_CACHE</c>, else <c>$XDG_CACHE_HOME/dataflowlung</c>,
/// else <c>~/.cache/dataflowlung</c> (Windows: <c>%LOCALAPPDATA%\dataflowlung\cache</c>). <c>cache_root</c> overrides
/// it per job; <c>--no-cache</c> turns it off.</summary>
public static class CacheLocation
{
    public const string EnvironmentVariable = "DATAFLOWLUNG_CACHE";

    public static string Default(Func<string, string?> environment)
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } explicitRoot) return explicitRoot;
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "dataflowlung");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "dataflowlung", "cache");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "dataflowlung");
    }
}
