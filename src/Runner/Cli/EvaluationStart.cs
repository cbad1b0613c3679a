using DataflowLung.Pipeline;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli;

/// <summary>The start both <c>evaluate</c> forms share: a new job folder under <c>OUT/&lt;task&gt;/evaluate/</c>, locked
/// while it runs, with log.txt and params.json written first (a folder that cannot be written is removed again, so a
/// failed start leaves none), then the evaluation.</summary>
public static class EvaluationStart
{
    public static async Task<int> RunAsync(JobParameters p, IEnumerable<string> header, CliContext ctx, Func<JobFolder, JobLog, Task<int>> evaluate)
    {
        var started = JobFolder.Start(Path.Combine(p.Paths.OutRoot, p.Task.CliName(), "evaluate"));
        if (started.IsFail) return ParameterErrors.Report(ctx.Error, "cannot start the job:", Seq1(((Error)started).Message), ExitCodes.BadArguments);
        var (folder, jobLock) = ((JobFolder, JobLock))started;
        using var held = jobLock;
        var console = ctx.CreateConsole();
        using var log = new JobLog(console.Line, error: ctx.Error.WriteLine);
        try
        {
            log.Attach(folder.Log);
            log.Info($"job folder {folder.Directory}");
            foreach (var line in header) log.Info(line);
            foreach (var line in ParamsJson.Lines(p)) log.Info(line);
            await File.WriteAllTextAsync(folder.ParamsJson, ParamsJson.Render(p, VersionInfo.Current), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            folder.Abandon();
            log.Error($"cannot write the job folder {folder.Directory}: {e.Message}");
            return ExitCodes.Failed;
        }
        return await evaluate(folder, log);
    }
}
