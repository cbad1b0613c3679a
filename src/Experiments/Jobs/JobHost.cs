using DataflowLung.Experiments.Progress;

namespace DataflowLung.Experiments.Jobs;

/// <summary>What the application layer needs from whoever runs it (the runner CLI, a test, a scheduler task): a console
/// for lines and progress, an error stream, and the environment (injected so tests control it).</summary>
public sealed record JobHost(Func<IJobConsole> CreateConsole, Action<string> ErrorLine, Func<string, string?> Environment)
{
    /// <summary>A job log whose lines go to <paramref name="console"/> and whose errors also go to the error stream.</summary>
    public JobLog Log(IJobConsole console) => new(console.Line, error: ErrorLine);
}
