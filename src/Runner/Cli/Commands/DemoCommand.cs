using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner demo</c> (<see cref="DemoJob"/>).</summary>
public static class DemoCommand
{
    public static Command Create(CliContext ctx)
    {
        var options = new JobOptions();
        var keep = new System.CommandLine.Option<string?>("--corpus") { Description = "Write the synthetic corpus here and keep it (default: a temporary folder, removed afterwards)" };
        var command = new Command("demo", "Synthesise a small ICBHI + Jordan corpus and train the tiny pneumonia model on it end to end");
        foreach (var o in new System.CommandLine.Option[] { options.Out, options.Epochs, options.Seed, options.Set, options.Features, keep })
            command.Options.Add(o);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(r, options, keep, ctx, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult r, JobOptions options, System.CommandLine.Option<string?> keep, CliContext ctx, CancellationToken ct) =>
        OutcomeExit.Of(await DemoJob.RunAsync(options.Request(r), Optional(r.GetValue(keep)), ctx.Host, ct), ctx.Error);
}
