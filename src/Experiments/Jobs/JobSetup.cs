using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The start every job shares: resolve the parameters (all problems at once, config named), then check the data
/// root and each dataset folder, then (for jobs that write a job folder) the output root, and the cache folder. A failure is a
/// <see cref="JobError"/> (bad input or missing data); nothing has been created then.</summary>
public static class JobSetup
{
    public sealed record Prepared(JobParameters Parameters, DataRoot Root);

    public static Fin<Prepared> Prepare(JobRequest request, LearningTask task, Func<string, string?> environment, bool writesJobFolder = true) =>
        Prepare(request.Root(environment), root => request.Sources(task, root), writesJobFolder);

    public static Fin<Prepared> Prepare(DataRoot root, Func<DataRoot, ParameterSources> sourcesOf, bool writesJobFolder = true)
    {
        if (root.PathProblem().Case is string bad) return JobError.BadInput("bad data root:", bad);
        var sources = sourcesOf(root);
        return ParameterResolver.Resolve(sources).Match(
            Fail: e => FinFail<Prepared>(JobError.BadInput(
                sources.ConfigFile.Match(f => $"invalid job parameters (config {f} and the command line):", () => "invalid job parameters:"), ParameterResolver.Problems(e))),
            Succ: p => root.Check(p.Datasets).Match(
                Empty: () => (writesJobFolder ? OutputRoot.Check(p.Paths.OutRoot) : Seq<string>()).Match(
                    Empty: () => CacheRoot.Check(p.Flow.CacheRoot).Match(
                        Empty: () => FinSucc(new Prepared(p, root)),
                        More: bad => FinFail<Prepared>(JobError.BadInput("bad cache folder:", bad))),
                    More: bad => FinFail<Prepared>(JobError.BadInput("bad output folder:", bad))),
                More: missing => FinFail<Prepared>(JobError.MissingData("input data not found:", missing))));
    }
}
