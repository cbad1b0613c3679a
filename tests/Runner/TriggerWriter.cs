namespace DataflowLung.Tests.Runner;

/// <summary>Standard output for an in-process CLI run that runs an action once, synchronously, when a line containing
/// <paramref name="trigger"/> is written: e.g. the job's log line of a finished epoch, written after that epoch's state is
/// on disk and before the next epoch starts, so a test can change the world between two epochs without timing.</summary>
internal sealed class TriggerWriter(string trigger, Action action) : StringWriter
{
    private bool fired;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (fired || value is null || !value.Contains(trigger, StringComparison.Ordinal)) return;
        fired = true;
        action();
    }
}
