using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner pneumonia</c> and <c>runner cw</c>: one training job in a new job folder, or (with
/// <c>--resume JOB_DIR</c>) an existing job continued from its last checkpoint in its own folder.</summary>
public static class TrainCommand
{
    public static Command Create(LearningTask task, CliContext ctx)
    {
        var description = task == LearningTask.Pneumonia
            ? "Train a pneumonia classifier (per chunk, reported per recording and patient)"
            : "Train a crackles/wheezes classifier (two outputs per chunk or cycle)";
        var command = new Command(task.CliName(), description);
        var options = new JobOptions();
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue the job in this job folder from its last checkpoint, with its params.json " +
                          "(the command line may change only epochs, device and features_backend)",
        };
        foreach (var o in options.TrainingOptions()) command.Options.Add(o);
        command.Options.Add(resume);
        command.SetAction((ParseResult r, CancellationToken ct) => r.GetValue(resume) is { } dir
            ? ResumeAsync(dir, r, options, task, ctx, ct)
            : RunAsync(r, options, task, ctx, ct));
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
                    jobLock.TookOverFrom.Map(StaleLockNote));
            },
            Left: code => code);

    private static Task<int> RunAsync(ParseResult r, JobOptions options, LearningTask task, CliContext ctx, CancellationToken ct) =>
        JobSetup.Prepare(r, options, task, ctx).MatchAsync(
            RightAsync: prepared => StartAsync(JobFolder.GroupDirectory(prepared.Parameters, task.CliName()), prepared.Parameters, prepared.Root, ctx, ct),
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

    /// <summary>Attaches log.txt, prints and saves the parameters, then runs the job. A new folder that cannot be
    /// written is removed again, so a failed start leaves no empty job folder.</summary>
    public static async Task<int> RunJobAsync(JobParameters p, Data.DataRoot root, JobFolder folder, JobLog log, Progress.IJobConsole console, CancellationToken ct,
        int? resumeFromEpoch = null, LanguageExt.Option<string> note = default)
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
        return await TrainingRun.RunAsync(p, root, folder, log, console, ct, resumeFromEpoch);
    }
}
