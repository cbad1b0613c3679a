namespace DataflowLung.Pipeline.Flow;

/// <summary>The run could not produce anything: every recording failed. Carries the report, whose faults
/// say why for each file.</summary>
public sealed class FlowFailedException(string message, FlowReport report) : Exception(message)
{
    public FlowReport Report { get; } = report;
}
