using DataflowLung.Experiments.Jobs;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Compare;

/// <summary><c>runner compare JOB|CVDIR …</c>: reads the named folders (train and evaluate jobs, seeds folders, aggregated
/// cross-validation folders, SPRSound jobs with their test sets), refuses jobs of different tasks, and writes
/// compare.html (self-contained), compare.md and compare.csv into the output folder, refusing to replace any of them
/// unless asked to. Reads nothing but the folders named and writes nothing outside the output folder.</summary>
public static class CompareRun
{
    public static readonly string[] Files = [CompareOutputs.Html, CompareOutputs.Markdown, CompareOutputs.Csv];

    public sealed record Written(Comparison Comparison, IReadOnlyList<string> Files);

    public static Fin<Written> Run(IReadOnlyList<string> folders, string outDirectory, bool force, BootstrapParams? bootstrap = null)
    {
        var output = Path.GetFullPath(outDirectory);
        var existing = Files.Select(f => Path.Combine(output, f)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
            return JobError.BadInput($"cannot write into {output}:", existing.Select(f => $"{f} exists (--force replaces it)").ToSeq());
        return folders.Select(ComparedJob.Load).ToSeq().Sequence()
            .Map(all => all.Bind(x => x))
            .Bind(jobs => Comparison.Of(jobs, bootstrap ?? new BootstrapParams()))
            .Bind(c =>
            {
                try
                {
                    Directory.CreateDirectory(output);
                    return FinSucc(new Written(c, CompareOutputs.Write(c, output)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return FinFail<Written>(JobError.Failed($"cannot write into {output}:", e.Message));
                }
            });
    }

    /// <summary>The run as a job outcome (what the CLI maps to an exit code), with the lines to print on success.</summary>
    public static (JobOutcome Outcome, IReadOnlyList<string> Lines) Outcome(IReadOnlyList<string> folders, string outDirectory, bool force) =>
        Run(folders, outDirectory, force).Match(
            w => (JobOutcome.Success, (IReadOnlyList<string>)CompareOutputs.Summary(w.Comparison).Concat(w.Files.Select(f => $"wrote {f}")).ToList()),
            e => (JobError.Outcome(e, "compare failed:"), []));
}
