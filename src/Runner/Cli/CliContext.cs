using DataflowLung.Runner.Progress;

namespace DataflowLung.Runner.Cli;

/// <summary>What every command handler gets from the entry point: its writers, whether a live display
/// is wanted, and the environment (injected so tests control DATAFLOWLUNG_DATA and CI).</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool Live, Func<string, string?> Environment)
{
    public IJobConsole CreateConsole() => JobConsole.Create(Out, Live);
}
