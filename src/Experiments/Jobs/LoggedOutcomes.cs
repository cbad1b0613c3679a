namespace DataflowLung.Experiments.Jobs;

/// <summary>A problem a running job meets: written to its log (and the error stream) as <c>error: …</c>, and returned
/// as the outcome, marked shown so the CLI does not print it twice.</summary>
public static class LoggedOutcomes
{
    public static JobOutcome MissingData(this JobLog log, string message)
    {
        log.Error(message);
        return new JobOutcome.MissingData(message, [], Shown: true);
    }

    public static JobOutcome BadInput(this JobLog log, string message)
    {
        log.Error(message);
        return new JobOutcome.BadInput(message, [], Shown: true);
    }

    public static JobOutcome Failed(this JobLog log, string message)
    {
        log.Error(message);
        return new JobOutcome.Failed(message, [], Shown: true);
    }
}
