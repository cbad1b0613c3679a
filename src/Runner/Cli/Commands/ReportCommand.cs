using System.CommandLine;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner report JOB [--data-root DIR]</c>: rebuilds a finished training job's report (report.json/md/html,
/// predictions.csv, plots) from its folder without training (<see cref="ReportRebuild"/>); refuses, in one line naming
/// the file and the problem, a folder that is not a finished job or whose state is damaged.</summary>
public static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var options = new JobOptions();
        var job = new Argument<string>("job") { Description = "The finished job folder (holds params.json, metrics.csv, split.json and checkpoints/)" };
        var command = new Command("report", "Rebuild a finished job's report from its folder (its checkpoints and split), without training");
        command.Arguments.Add(job);
        foreach (var o in new Option[] { options.DataRoot, options.Features, options.Device }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
            OutcomeExit.Of(await ReportRebuild.RunAsync(r.GetValue(job)!, options.Request(r), ctx.Host, ct), ctx.Error));
        return command;
    }
}
