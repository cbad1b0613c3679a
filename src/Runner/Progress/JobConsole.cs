using DataflowLung.Experiments.Progress;

namespace DataflowLung.Runner.Progress;

public static class JobConsole
{
    /// <summary>Live Spectre display only on an interactive terminal: not when output is redirected (or a
    /// test's writer), and not in CI (<c>CI</c> set), where plain timestamped lines read better in logs.</summary>
    public static bool ShouldUseLiveDisplay(bool writerIsConsole, bool outputRedirected, Func<string, string?> environment) =>
        writerIsConsole && !outputRedirected
        && string.IsNullOrEmpty(environment("CI"))
        && environment("TERM") is not "dumb";

    public static IJobConsole Create(TextWriter output, bool live) =>
        live ? new LiveJobConsole(output) : new PlainJobConsole(output, () => DateTimeOffset.UtcNow);
}
