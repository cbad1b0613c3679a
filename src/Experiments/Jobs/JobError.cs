using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The application layer's one error channel: a <see cref="Fin{A}"/> failure that keeps what kind of
/// problem it is (<see cref="JobOutcome.Problem"/>), so a start composed with <c>Bind</c> / LINQ ends in the right
/// outcome. Plain errors from lower layers become <see cref="JobOutcome.Failed"/> under the headline given to
/// <see cref="Outcome(Error, string)"/>.</summary>
public sealed record JobError(JobOutcome.Problem Problem)
    : Expected(Problem.Problems.IsEmpty ? Problem.Headline : $"{Problem.Headline} {string.Join("; ", Problem.Problems)}".Trim(), 0, Prelude.None)
{
    public static Error BadInput(string headline, params string[] problems) => new JobError(new JobOutcome.BadInput(headline, problems.ToSeq()));

    public static Error BadInput(string headline, Seq<string> problems) => new JobError(new JobOutcome.BadInput(headline, problems));

    public static Error MissingData(string headline, params string[] problems) => new JobError(new JobOutcome.MissingData(headline, problems.ToSeq()));

    public static Error MissingData(string headline, Seq<string> problems) => new JobError(new JobOutcome.MissingData(headline, problems));

    public static Error Failed(string headline, params string[] problems) => new JobError(new JobOutcome.Failed(headline, problems.ToSeq()));

    /// <summary>The outcome an error stands for: its own problem, or a failure of <paramref name="headline"/>.</summary>
    public static JobOutcome Outcome(Error error, string headline) => error switch
    {
        JobError j => j.Problem,
        _ => new JobOutcome.Failed(headline, Prelude.Seq1(error.Message)),
    };

    /// <summary>The outcome as a failure of this kind (a <see cref="JobError"/> keeps its own).</summary>
    public static Error Of(JobOutcome.Problem problem) => new JobError(problem);
}
