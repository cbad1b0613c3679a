using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Progress;
using DataflowLung.Runner.Progress;

namespace DataflowLung.Runner.Cli;

/// <summary>What every command handler gets from the entry point: its writers, whether a live display
/// is wanted, and the environment (injected so tests control DATAFLOWLUNG_DATA and CI).</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool Live, Func<string, string?> Environment)
{
    public IJobConsole CreateConsole() => JobConsole.Create(Out, Live);

    /// <summary>What the application layer gets to run a job: this context's console, error stream and environment.</summary>
    public JobHost Host => new(CreateConsole, Error.WriteLine, Environment);
}
