using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner pneumonia</c> and <c>runner cw</c>: one training job in a new job folder.</summary>
public static class TrainCommand
{
    public static Command Create(LearningTask task, CliContext ctx)
    {
        var description = task == LearningTask.Pneumonia
            ? "Train a pneumonia classifier (per chunk, reported per recording and patient)"
            : "Train a crackles/wheezes classifier (two outputs per chunk or cycle)";
        var command = new Command(task.CliName(), description);
        var options = new JobOptions();
        foreach (var o in options.TrainingOptions()) command.Options.Add(o);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(r, options, task, ctx, ct));
        return command;
    }

    private static Task<int> RunAsync(ParseResult r, JobOptions options, LearningTask task, CliContext ctx, CancellationToken ct) =>
        JobSetup.Prepare(r, options, task, ctx).MatchAsync(
            RightAsync: async prepared =>
            {
                var folder = JobFolder.CreateNext(JobFolder.GroupDirectory(prepared.Parameters, task.CliName()));
                var console = ctx.CreateConsole();
                using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
                log.Attach(folder.Log);
                return await RunJobAsync(prepared.Parameters, prepared.Root, folder, log, console, ct);
            },
            Left: code => code);

    /// <summary>Prints and saves the parameters, then runs the job (shared with <c>demo</c>).</summary>
    public static async Task<int> RunJobAsync(JobParameters p, Data.DataRoot root, JobFolder folder, JobLog log, Progress.IJobConsole console, CancellationToken ct)
    {
        log.Info($"job folder {folder.Directory}");
        log.Info("parameters:");
        foreach (var line in ParamsJson.Lines(p)) log.Info(line);
        await File.WriteAllTextAsync(folder.ParamsJson, ParamsJson.Render(p, VersionInfo.Current), CancellationToken.None);
        return await TrainingRun.RunAsync(p, root, folder, log, console, ct);
    }
}
