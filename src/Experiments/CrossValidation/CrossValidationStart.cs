using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>How <c>runner pneumonia|cw --cv K</c> starts: every fold in this process into a new folder, or one fold
/// (<c>--fold i</c>, else a scheduler's array index from <see cref="IndexVariables"/>) into the folder named by
/// <c>--cv-dir</c>, which the folds of one cross-validation share; and how <c>--resume</c> continues a
/// cross-validation folder.</summary>
public static class CrossValidationStart
{
    /// <summary>Where schedulers put a task's index: a Slurm job array, a Kubernetes Indexed Job.</summary>
    public static IReadOnlyList<string> IndexVariables { get; } = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"];

    public static async Task<JobOutcome> RunAsync(JobParameters p, DataRoot root, Option<string> cvDirectory, JobHost host, CancellationToken ct)
    {
        int? fold = p.Split.Fold >= 0 ? p.Split.Fold : null;
        if (fold is null)
            foreach (var name in IndexVariables)
            {
                if (host.Environment(name) is not { Length: > 0 } text) continue;
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= p.Split.FoldCount)
                    return new JobOutcome.BadInput("invalid fold index:", Seq1($"{name}={text} is not a fold index 0..{p.Split.FoldCount - 1} " +
                        $"({p.Split.KFold} folds × {p.Split.Repeats} repeat(s)); size the array to match, or pass --fold"));
                if (cvDirectory.IsNone)
                    return new JobOutcome.BadInput("a fold run as a scheduler task needs the shared folder:", Seq1(
                        $"{name}={text} selects fold {index}, but folds run as separate jobs must write into one folder: pass --cv-dir DIR (the same for every task)"));
                fold = index;
                break;
            }
        var parent = cvDirectory.Match(
            dir => Path.GetFullPath(dir),
            () => JobFolder.CreateNext(JobFolder.GroupDirectory(p, p.Task.Name)).Directory);
        if (File.Exists(parent))
            return new JobOutcome.BadInput("invalid --cv-dir:", Seq1($"{parent} is a file, not a folder"));
        Directory.CreateDirectory(parent);
        var console = host.CreateConsole();
        using var log = host.Log(console);
        // Only a run of every fold owns the folder's log; fold tasks of a scheduler log into their fold folders.
        if (fold is null) log.Attach(Path.Combine(parent, "log.txt"), append: true);
        return await CrossValidationRun.RunAsync(p, root, parent, fold is { } f ? [f] : null, log, console, host, ct);
    }

    /// <summary><c>--resume CV_DIR</c>: finishes the cross-validation with the folder's own parameters (the command line
    /// may change only <see cref="CrossValidationAggregate.MayDiffer"/>): finished folds are kept, stopped ones continue
    /// from their last checkpoint, missing ones run; then the report.</summary>
    public static async Task<JobOutcome> ResumeAsync(string directory, JobRequest request, LearningTask task, JobHost host, CancellationToken ct)
    {
        var dir = Path.GetFullPath(directory);
        var paramsFile = Path.Combine(dir, "params.json");
        var headline = $"cannot resume {directory}:";
        JobOutcome Refuse(string problem) => new JobOutcome.BadInput(headline, Seq1(problem));
        JobOutcome Missing(string problem) => new JobOutcome.MissingData(headline, Seq1(problem));
        if (request.ConfigOption.IsSome || request.OutOption.IsSome)
            return Refuse("--config and --out cannot be combined with --resume: the folder's params.json and location fix them");
        if (!File.Exists(paramsFile)) return Missing($"{paramsFile} not found");
        System.Text.Json.Nodes.JsonNode? savedPaths;
        try { savedPaths = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(paramsFile))?["paths"]; }
        catch (System.Text.Json.JsonException e) { return Missing($"{paramsFile} is not valid JSON: {e.Message}"); }
        var root = request.SavedRoot(savedPaths?["data_root"]?.GetValue<string>(), paramsFile);
        var commandLine = request.Sources(task, root);
        var outRoot = savedPaths?["out_root"]?.GetValue<string>() ?? "runs";
        var saved = ParameterResolver.Resolve(new ParameterSources(task, Some(paramsFile), Empty, root.Path, outRoot));
        var requested = ParameterResolver.Resolve(commandLine with { ConfigFile = Some(paramsFile), OutRoot = outRoot });
        var pair = from b in saved from a in requested select (b, a);
        if (pair.Case is not ValueTuple<JobParameters, JobParameters> (var before, var after))
            return new JobOutcome.BadInput($"cannot resume {directory}: invalid parameters:", pair.Match(_ => Seq<string>(), ParameterResolver.Problems));
        var changed = ResumeSetup.Changes(before, after).Filter(c => !CrossValidationAggregate.MayDiffer.Contains(c.Key) && c.Key != "fold");
        if (!changed.IsEmpty)
            return new JobOutcome.BadInput($"cannot resume {directory}: the command line changes parameters of the cross-validation " +
                $"(only {string.Join(", ", CrossValidationAggregate.MayDiffer)} may change):", changed.Map(c => $"{c.Key}: {c.Before} → {c.After}"));
        var missing = root.Check(after.Datasets);
        if (!missing.IsEmpty) return new JobOutcome.MissingData("input data not found:", missing);
        var console = host.CreateConsole();
        using var log = host.Log(console);
        log.Attach(Path.Combine(dir, "log.txt"), append: true);
        log.Info($"resuming the cross-validation in {dir}");
        return await CrossValidationRun.RunAsync(after, root, dir, null, log, console, host, ct);
    }
}
