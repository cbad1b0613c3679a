using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using LanguageExt.Common;
using static LanguageExt.Prelude;

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
        command.SetAction((ParseResult r, CancellationToken ct) => r.GetValue(resume) is not null && options.SeedCountOf(r) is not null
            ? Task.FromResult(ParameterErrors.Report(ctx.Error, "invalid options:",
                Seq1("--seeds cannot be combined with --resume: resume each seed's job folder (seed_<s>/) on its own"), ExitCodes.BadArguments))
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
                var locked = JobLock.Acquire(resumed.Folder.Directory);
                if (locked.IsFail) return ParameterErrors.Report(ctx.Error, $"cannot resume {dir}:", Seq1(((Error)locked).Message), ExitCodes.BadArguments);
                using var jobLock = (JobLock)locked;
                var console = ctx.CreateConsole();
                using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
                return await RunJobAsync(resumed.Parameters, resumed.Root, resumed.Folder, log, console, ct, resumed.LastEpoch,
                    note: jobLock.TookOverFrom.Map(StaleLockNote));
            },
            Left: code => code);

    private static Task<int> RunAsync(ParseResult r, JobOptions options, string? cvDir, LearningTask task, CliContext ctx, CancellationToken ct) =>
        JobSetup.Prepare(r, options, task, ctx).MatchAsync(
            RightAsync: async prepared =>
            {
                if (prepared.Parameters.Split.CrossValidation)
                    return options.SeedCountOf(r) is null
                        ? await CrossValidationStart.RunAsync(prepared.Parameters, prepared.Root, cvDir, ctx, ct)
                        : ParameterErrors.Report(ctx.Error, "invalid options:", Seq1("--seeds cannot be combined with --cv: repeat the cross-validation with --repeats"), ExitCodes.BadArguments);
                if (cvDir is not null)
                    return ParameterErrors.Report(ctx.Error, "invalid options:", Seq1("--cv-dir needs --cv K (kfold ≥ 2)"), ExitCodes.BadArguments);
                if (options.SeedCountOf(r) is { } seeds)
                    return await Seeds.SeedsRun.RunAsync(prepared.Parameters, prepared.Root, seeds, ctx, ct);
                return await StartAsync(JobFolder.GroupDirectory(prepared.Parameters, task.CliName()), prepared.Parameters, prepared.Root, ctx, ct);
            },
            Left: code => code);

    /// <summary>A new job folder under <paramref name="group"/>, locked while the job runs (shared with <c>demo</c>).</summary>
    public static async Task<int> StartAsync(string group, JobParameters p, Data.DataRoot root, CliContext ctx, CancellationToken ct)
    {
        var started = JobFolder.Start(group);
        if (started.IsFail) return ParameterErrors.Report(ctx.Error, "cannot start the job:", Seq1(((Error)started).Message), ExitCodes.BadArguments);
        var (folder, jobLock) = ((JobFolder, JobLock))started;
        using (jobLock)
        {
            var console = ctx.CreateConsole();
            using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
            return await RunJobAsync(p, root, folder, log, console, ct);
        }
    }

    public static string StaleLockNote(string holder) => $"took over the job folder's lock from {holder}, which is no longer running";

    /// <summary>Attaches log.txt (appending when resuming), prints and saves the parameters, then runs the job. A new
    /// folder that cannot be written is removed again, so a failed start leaves no empty job folder. The caller holds
    /// the folder's <see cref="JobLock"/>.</summary>
    public static async Task<int> RunJobAsync(JobParameters p, Data.DataRoot root, JobFolder folder, JobLog log, Progress.IJobConsole console, CancellationToken ct,
        int? resumeFromEpoch = null, JobData.Splitter? split = null, JobCaches? caches = null, LanguageExt.Option<string> note = default)
    {
        try
        {
            log.Attach(folder.Log, append: resumeFromEpoch is not null);
            if (resumeFromEpoch is { } last)
                log.Info($"resuming after epoch {last} (last checkpoint), up to epoch {p.Train.Epochs}");
            note.IfSome(log.Info);
            log.Info($"job folder {folder.Directory}");
            log.Info("parameters:");
            foreach (var line in ParamsJson.Lines(p)) log.Info(line);
            await File.WriteAllTextAsync(folder.ParamsJson, ParamsJson.Render(p, VersionInfo.Current), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (resumeFromEpoch is null) folder.Abandon();
            log.Error($"cannot write the job folder {folder.Directory}: {e.Message}");
            return ExitCodes.Failed;
        }
        return await TrainingRun.RunAsync(p, root, folder, log, console, ct, resumeFromEpoch, split, caches);
    }
}
