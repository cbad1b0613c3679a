using LanguageExt;

namespace DataflowLung.Experiments.Jobs;

/// <summary>How a job, or the start that refused to run one, ended. The application layer returns it and never
/// prints it: the runner CLI maps it to its exit code and prints a <see cref="Problem"/>'s lines unless a job log has
/// already shown them (<see cref="Problem.Shown"/>).</summary>
public abstract record JobOutcome
{
    private JobOutcome() { }

    public sealed record Succeeded : JobOutcome;

    /// <summary>Training stopped at a non-finite loss or gradient; the report and the last good checkpoint are written.</summary>
    public sealed record Diverged : JobOutcome;

    /// <summary>Stopped on request (Ctrl+C, SIGTERM) after the current step; whatever finished was still written.</summary>
    public sealed record Cancelled : JobOutcome;

    /// <summary>Something the user must fix or know: a headline and one or more problems.</summary>
    public abstract record Problem(string Headline, Seq<string> Problems, bool Shown) : JobOutcome;

    /// <summary>Parameters, options or a job folder that cannot be used as given.</summary>
    public sealed record BadInput(string Headline, Seq<string> Problems, bool Shown = false) : Problem(Headline, Problems, Shown);

    /// <summary>Input data (a data root, a dataset folder, a job's files) missing or unreadable.</summary>
    public sealed record MissingData(string Headline, Seq<string> Problems, bool Shown = false) : Problem(Headline, Problems, Shown);

    /// <summary>The job failed while running.</summary>
    public sealed record Failed(string Headline, Seq<string> Problems, bool Shown = false) : Problem(Headline, Problems, Shown);

    public static readonly JobOutcome Success = new Succeeded();
    public static readonly JobOutcome Stopped = new Cancelled();

    public bool IsSuccess => this is Succeeded;

    /// <summary>The same problem, marked as already written to a job log (and so to the console).</summary>
    public JobOutcome AsShown() => this switch
    {
        BadInput b => b with { Shown = true },
        MissingData m => m with { Shown = true },
        Failed f => f with { Shown = true },
        _ => this,
    };

    /// <summary>One line for logs: what ended the job.</summary>
    public string Describe() => this switch
    {
        Succeeded => "succeeded",
        Diverged => "diverged",
        Cancelled => "cancelled",
        BadInput => "bad input",
        MissingData => "missing data",
        _ => "failed",
    };
}
