using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner pneumonia</c>, <c>runner cw</c> and <c>runner cycles</c>: one training job in a new job folder, or
/// (with <c>--resume JOB_DIR</c>) an existing job continued from its last checkpoint in its own folder, or (with
/// <c>--seeds N</c>) N jobs that differ only in their seed, summarised together (<see cref="Seeds.SeedsRun"/>).</summary>
public static class TrainCommand
{
    public static Command Create(LearningTask task, CliContext ctx)
    {
        var description = task switch
        {
            LearningTask.Pneumonia => "Train a pneumonia classifier (per chunk, reported per recording and patient)",
            LearningTask.CracklesWheezes => "Train a crackles/wheezes classifier (two outputs per chunk or cycle)",
            _ => "The ICBHI benchmark: classify every annotated respiratory cycle as normal, crackle, wheeze or both " +
                 "(or normal/abnormal with --set cycle_classes=2) on the official split, scored by the challenge's Sp, Se and Score",
        };
        var command = new Command(task.CliName(), description);
        var options = new JobOptions();
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue the job in this job folder from its last checkpoint, with its params.json " +
                          "(the command line may change only epochs, device and features_backend)",
        };
        var cvDir = new Option<string?>("--cv-dir")
        {
            Description = "The cross-validation folder the folds share when they run as separate jobs (--fold or a scheduler's array index); created if absent",
        };
        foreach (var o in options.TrainingOptions()) command.Options.Add(o);
        command.Options.Add(resume);
        command.Options.Add(cvDir);
        command.SetAction((ParseResult r, CancellationToken ct) => r.GetValue(resume) is not null && r.GetValue(options.Seeds) is not null
            ? Task.FromResult(ParameterErrors.Report(ctx.Error, "invalid options:",
                LanguageExt.Prelude.Seq1("--seeds cannot be combined with --resume: resume each seed's job folder (seed_<s>/) on its own"), ExitCodes.BadArguments))
            : r.GetValue(resume) is { } dir
            ? File.Exists(Path.Combine(dir, CrossValidation.FoldsRecord.FileName))
                ? CrossValidationStart.ResumeAsync(dir, r, options, task, ctx, ct)
                : ResumeAsync(dir, r, options, task, ctx, ct)
            : RunAsync(r, options, r.GetValue(cvDir), task, ctx, ct));
        return command;
    }

    private static Task<int> ResumeAsync(string dir, ParseResult r, JobOptions options, LearningTask task, CliContext ctx, CancellationToken ct) =>
        ResumeSetup.Prepare(dir, r, options, task, ctx).MatchAsync(
            RightAsync: async resumed =>
            {
                var console = ctx.CreateConsole();
                using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
                log.Attach(resumed.Folder.Log, append: true);
                log.Info($"resuming after epoch {resumed.LastEpoch} (last checkpoint), up to epoch {resumed.Parameters.Train.Epochs}");
                return await RunJobAsync(resumed.Parameters, resumed.Root, resumed.Folder, log, console, ct, resumed.LastEpoch);
            },
            Left: code => code);

    private static Task<int> RunAsync(ParseResult r, JobOptions options, string? cvDir, LearningTask task, CliContext ctx, CancellationToken ct) =>
        JobSetup.Prepare(r, options, task, ctx).MatchAsync(
            RightAsync: async prepared =>
            {
                if (prepared.Parameters.Split.CrossValidation)
                    return r.GetValue(options.Seeds) is null
                        ? await CrossValidationStart.RunAsync(prepared.Parameters, prepared.Root, cvDir, ctx, ct)
                        : ParameterErrors.Report(ctx.Error, "invalid options:", LanguageExt.Prelude.Seq1("--seeds cannot be combined with --cv: repeat the cross-validation with --repeats"), ExitCodes.BadArguments);
                if (cvDir is not null)
                    return ParameterErrors.Report(ctx.Error, "invalid options:", LanguageExt.Prelude.Seq1("--cv-dir needs --cv K (kfold ≥ 2)"), ExitCodes.BadArguments);
                if (r.GetValue(options.Seeds) is { } seeds)
                    return await Seeds.SeedsRun.RunAsync(prepared.Parameters, prepared.Root, seeds, ctx, ct);
                var folder = JobFolder.CreateNext(JobFolder.GroupDirectory(prepared.Parameters, task.CliName()));
                var console = ctx.CreateConsole();
                using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
                log.Attach(folder.Log);
                return await RunJobAsync(prepared.Parameters, prepared.Root, folder, log, console, ct);
            },
            Left: code => code);

    /// <summary>Prints and saves the parameters, then runs the job (shared with <c>demo</c>).</summary>
    public static async Task<int> RunJobAsync(JobParameters p, Data.DataRoot root, JobFolder folder, JobLog log, Progress.IJobConsole console, CancellationToken ct,
        int? resumeFromEpoch = null, JobData.Splitter? split = null, JobCaches? caches = null)
    {
        log.Info($"job folder {folder.Directory}");
        log.Info("parameters:");
        foreach (var line in ParamsJson.Lines(p)) log.Info(line);
        await File.WriteAllTextAsync(folder.ParamsJson, ParamsJson.Render(p, VersionInfo.Current), CancellationToken.None);
        return await TrainingRun.RunAsync(p, root, folder, log, console, ct, resumeFromEpoch, split, caches);
    }
}
