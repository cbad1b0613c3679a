using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli;

/// <summary>The start every job command shares: resolve the parameters (all problems at once, config
/// named), then check the data root and each dataset folder. Left is the exit code after the error was
/// printed.</summary>
public static class JobSetup
{
    public static Either<int, (JobParameters Parameters, DataRoot Root)> Prepare(
        ParseResult r, JobOptions options, LearningTask task, CliContext ctx)
    {
        var root = options.ResolveDataRoot(r, ctx.Environment);
        var sources = options.Sources(r, task, root);
        return ParameterResolver.Resolve(sources).Match(
            Left: problems => Left<int, (JobParameters, DataRoot)>(ParameterErrors.Report(ctx.Error,
                sources.ConfigFile.Match(f => $"invalid job parameters (config {f} and the command line):", () => "invalid job parameters:"),
                problems, ExitCodes.BadArguments)),
            Right: p => root.Check(p.Datasets).Match(
                Empty: () => Right<int, (JobParameters, DataRoot)>((p, root)),
                More: missing => Left<int, (JobParameters, DataRoot)>(ParameterErrors.Report(ctx.Error, "input data not found:", missing, ExitCodes.MissingData))));
    }
}
