using DataflowLung.Experiments.Jobs;
using LanguageExt.Common;

namespace DataflowLung.Runner.Cli;

/// <summary>The one place a job's outcome becomes a process exit code (<see cref="ExitCodes"/>); a problem no job log
/// has shown yet is printed first, in <see cref="ParameterErrors"/>' form.</summary>
public static class OutcomeExit
{
    public static int Of(JobOutcome outcome, TextWriter error)
    {
        var code = outcome switch
        {
            JobOutcome.Succeeded => ExitCodes.Success,
            JobOutcome.Diverged => ExitCodes.Diverged,
            JobOutcome.Cancelled => ExitCodes.Cancelled,
            JobOutcome.BadInput => ExitCodes.BadArguments,
            JobOutcome.MissingData => ExitCodes.MissingData,
            _ => ExitCodes.Failed,
        };
        if (outcome is JobOutcome.Problem { Shown: false } p) ParameterErrors.Report(error, p.Headline, p.Problems, code);
        return code;
    }

    /// <summary>A failed start composed in <see cref="LanguageExt.Fin{A}"/>: its own outcome, or a failure under <paramref name="headline"/>.</summary>
    public static int Of(Error error, string headline, TextWriter stderr) => Of(JobError.Outcome(error, headline), stderr);
}
