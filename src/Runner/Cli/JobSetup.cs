using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli;

/// <summary>The start every job command shares: resolve the parameters (all problems at once, config
/// named), then check the data root and each dataset folder, then (for commands that write a job folder) the
/// output root. Left is the exit code after the error was printed; nothing has been created then.</summary>
public static class JobSetup
{
    public static Either<int, (JobParameters Parameters, DataRoot Root)> Prepare(
        ParseResult r, JobOptions options, LearningTask task, CliContext ctx, bool writesJobFolder = true)
    {
        var root = options.ResolveDataRoot(r, ctx.Environment);
        if (root.PathProblem().Case is string bad)
            return Left<int, (JobParameters, DataRoot)>(ParameterErrors.Report(ctx.Error, "bad data root:", Seq1(bad), ExitCodes.BadArguments));
        var sources = options.Sources(r, task, root);
        return ParameterResolver.Resolve(sources).Match(
            Left: problems => Left<int, (JobParameters, DataRoot)>(ParameterErrors.Report(ctx.Error,
                sources.ConfigFile.Match(f => $"invalid job parameters (config {f} and the command line):", () => "invalid job parameters:"),
                problems, ExitCodes.BadArguments)),
            Right: p => root.Check(p.Datasets).Match(
                Empty: () => (writesJobFolder ? OutputRoot.Check(p.Paths.OutRoot) : Seq<string>()).Match(
                    Empty: () => Right<int, (JobParameters, DataRoot)>((p, root)),
                    More: bad => Left<int, (JobParameters, DataRoot)>(ParameterErrors.Report(ctx.Error, "bad output folder:", bad, ExitCodes.BadArguments))),
                More: missing => Left<int, (JobParameters, DataRoot)>(ParameterErrors.Report(ctx.Error, "input data not found:", missing, ExitCodes.MissingData))));
    }
}
