using System.CommandLine;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Runner.CrossValidation;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli;

/// <summary>How <c>runner pneumonia|cw --cv K</c> starts: every fold in this process into a new folder, or one fold
/// (<c>--fold i</c>, else a scheduler's array index from <see cref="IndexVariables"/>) into the folder named by
/// <c>--cv-dir</c>, which the folds of one cross-validation share; and how <c>--resume</c> continues a
/// cross-validation folder.</summary>
public static class CrossValidationStart
{
    /// <summary>Where schedulers put a task's index: a Slurm job array, a Kubernetes Indexed Job.</summary>
    public static IReadOnlyList<string> IndexVariables { get; } = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"];

    public static async Task<int> RunAsync(JobParameters p, DataRoot root, string? cvDirectory, CliContext ctx, CancellationToken ct)
    {
        int? fold = p.Split.Fold >= 0 ? p.Split.Fold : null;
        if (fold is null)
            foreach (var name in IndexVariables)
            {
                if (ctx.Environment(name) is not { Length: > 0 } text) continue;
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= p.Split.FoldCount)
                    return ParameterErrors.Report(ctx.Error, "invalid fold index:", Seq1($"{name}={text} is not a fold index 0..{p.Split.FoldCount - 1} " +
                        $"({p.Split.KFold} folds × {p.Split.Repeats} repeat(s)); size the array to match, or pass --fold"), ExitCodes.BadArguments);
                if (cvDirectory is null)
                    return ParameterErrors.Report(ctx.Error, "a fold run as a scheduler task needs the shared folder:", Seq1(
                        $"{name}={text} selects fold {index}, but folds run as separate jobs must write into one folder: pass --cv-dir DIR (the same for every task)"),
                        ExitCodes.BadArguments);
                fold = index;
                break;
            }
        var parent = cvDirectory is { } dir
            ? Path.GetFullPath(dir)
            : JobFolder.CreateNext(JobFolder.GroupDirectory(p, p.Task.CliName())).Directory;
        if (File.Exists(parent))
            return ParameterErrors.Report(ctx.Error, "invalid --cv-dir:", Seq1($"{parent} is a file, not a folder"), ExitCodes.BadArguments);
        Directory.CreateDirectory(parent);
        var console = ctx.CreateConsole();
        using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
        // Only a run of every fold owns the folder's log; fold tasks of a scheduler log into their fold folders.
        if (fold is null) log.Attach(Path.Combine(parent, "log.txt"), append: true);
        return await CrossValidationRun.RunAsync(p, root, parent, fold is { } f ? [f] : null, log, console, ctx, ct);
    }

    /// <summary><c>--resume CV_DIR</c>: finishes the cross-validation with the folder's own parameters (the command line
    /// may change only <see cref="CrossValidationAggregate.MayDiffer"/>): finished folds are kept, stopped ones continue
    /// from their last checkpoint, missing ones run; then the report.</summary>
    public static async Task<int> ResumeAsync(string directory, ParseResult r, JobOptions options, LearningTask task, CliContext ctx, CancellationToken ct)
    {
        var dir = Path.GetFullPath(directory);
        var paramsFile = Path.Combine(dir, "params.json");
        int Refuse(string problem, int code = ExitCodes.BadArguments) => ParameterErrors.Report(ctx.Error, $"cannot resume {directory}:", Seq1(problem), code);
        if (r.GetValue(options.Config) is not null || r.GetValue(options.Out) is not null)
            return Refuse("--config and --out cannot be combined with --resume: the folder's params.json and location fix them");
        if (!File.Exists(paramsFile)) return Refuse($"{paramsFile} not found", ExitCodes.MissingData);
        System.Text.Json.Nodes.JsonNode? savedPaths;
        try { savedPaths = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(paramsFile))?["paths"]; }
        catch (System.Text.Json.JsonException e) { return Refuse($"{paramsFile} is not valid JSON: {e.Message}", ExitCodes.MissingData); }
        var savedRoot = savedPaths?["data_root"]?.GetValue<string>();
        var root = r.GetValue(options.DataRoot) is { } given
            ? new DataRoot(given, "--data-root")
            : new DataRoot(savedRoot ?? "data", $"the data_root recorded in {paramsFile}");
        var commandLine = options.Sources(r, task, root);
        var outRoot = savedPaths?["out_root"]?.GetValue<string>() ?? "runs";
        var saved = ParameterResolver.Resolve(new ParameterSources(task, Some(paramsFile), Empty, root.Path, outRoot));
        var requested = ParameterResolver.Resolve(commandLine with { ConfigFile = Some(paramsFile), OutRoot = outRoot });
        var pair = from b in saved from a in requested select (b, a);
        if (pair.IsLeft) return ParameterErrors.Report(ctx.Error, $"cannot resume {directory}: invalid parameters:", pair.LeftToSeq().Bind(x => x), ExitCodes.BadArguments);
        var (before, after) = pair.RightToSeq().Head();
        var changed = ResumeSetup.Changes(before, after).Filter(c => !CrossValidationAggregate.MayDiffer.Contains(c.Key) && c.Key != "fold");
        if (!changed.IsEmpty)
            return ParameterErrors.Report(ctx.Error, $"cannot resume {directory}: the command line changes parameters of the cross-validation " +
                $"(only {string.Join(", ", CrossValidationAggregate.MayDiffer)} may change):", changed.Map(c => $"{c.Key}: {c.Before} → {c.After}"), ExitCodes.BadArguments);
        var missing = root.Check(after.Datasets);
        if (!missing.IsEmpty) return ParameterErrors.Report(ctx.Error, "input data not found:", missing, ExitCodes.MissingData);
        var console = ctx.CreateConsole();
        using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
        log.Attach(Path.Combine(dir, "log.txt"), append: true);
        log.Info($"resuming the cross-validation in {dir}");
        return await CrossValidationRun.RunAsync(after, root, dir, null, log, console, ctx, ct);
    }
}
