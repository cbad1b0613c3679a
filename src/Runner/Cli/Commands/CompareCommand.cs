using System.CommandLine;
using DataflowLung.Experiments.Compare;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner compare JOB|CVDIR … --out DIR [--force]</c>: compare.html, compare.md and compare.csv for
/// train and evaluate jobs, seeds folders (each seed a job), aggregated cross-validation folders and SPRSound jobs
/// (their test sets too). Needs no data: it reads the folders' reports and predictions.</summary>
public static class CompareCommand
{
    public static Command Create(CliContext ctx)
    {
        var folders = new Argument<string[]>("folders")
        {
            Description = "Job folders, seeds folders or cross-validation folders (two or more jobs in all, of one task)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "Folder for compare.html, compare.md and compare.csv", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace compare.* files already in --out" };
        var command = new Command("compare", "Compare jobs side by side: metrics with intervals, ROC and epoch curves overlaid, paired AUC tests");
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction((ParseResult r, CancellationToken _) =>
        {
            var (outcome, lines) = CompareRun.Outcome(r.GetValue(folders)!, r.GetValue(output)!, r.GetValue(force));
            foreach (var line in lines) ctx.Out.WriteLine(line);
            return Task.FromResult(OutcomeExit.Of(outcome, ctx.Error));
        });
        return command;
    }
}
