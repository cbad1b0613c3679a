using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.Jobs;
using System.CommandLine;
using DataflowLung.Runner.Cli.Commands;

namespace DataflowLung.Runner.Cli;

/// <summary>The command-line entry point, callable in-process: tests drive the real CLI through
/// <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/> with their own writers.</summary>
public static class Cli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, new CliContext(stdout, stderr, Live: false, Environment.GetEnvironmentVariable), ct);

    public static async Task<int> RunAsync(string[] args, CliContext ctx, CancellationToken ct)
    {
        var root = BuildRoot(ctx);
        // Ctrl+C is turned into `ct` by Program.Main, so System.CommandLine must not install its own handler.
        // Exceptions reach the handler below (exit 3), not System.CommandLine's, which prints them and exits 1.
        var invocation = new InvocationConfiguration
        {
            Output = ctx.Out, Error = ctx.Error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await root.Parse(args).InvokeAsync(invocation, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            ctx.Error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The environment, not a bug: a full disk, a closed or full stdout (`> /dev/full`), a folder that cannot
            // be written. One line, and "job failed"; stderr may be gone too, so writing it may fail as well.
            try
            {
                return OutcomeExit.Of(new JobOutcome.Failed("cannot read or write (a full disk, a closed output or a folder without permission?):", LanguageExt.Prelude.Seq1(OneLine(e))), ctx.Error);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                return ExitCodes.Failed;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Every expected failure is a message and an exit code of its own; this is a bug. Say so, keep the
            // details for the report, and exit "job failed" instead of letting the runtime abort (SIGABRT, 134).
            ctx.Error.WriteLine($"error: unexpected failure (a bug, please report it with what follows): {e.GetType().Name}: {e.Message}");
            ctx.Error.WriteLine(e.ToString());
            return ExitCodes.Failed;
        }
    }

    /// <summary>Commands that train or score for seconds to hours (the tasks, and those that load a model and run the
    /// graph): their process starts with <see cref="Model.Training.ProcessSettings.LongRunning"/>.</summary>
    static readonly System.Collections.Generic.HashSet<string> JobCommands =
        [.. TaskRegistry.All.Select(t => t.Name), "evaluate", "predict", "report", "demo"];

    /// <summary>True when <paramref name="args"/> name one of <see cref="JobCommands"/>.</summary>
    public static bool RunsJob(string[] args) => args.Length > 0 && JobCommands.Contains(args[0]);

    /// <summary>An I/O failure's message on one line.</summary>
    public static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand(
            "DataflowLung: train and evaluate lung-sound classifiers (pneumonia per recording and patient; crackles/wheezes per cycle).");
        foreach (var task in TaskRegistry.All) root.Subcommands.Add(TrainCommand.Create(task, ctx));
        root.Subcommands.Add(PredictCommand.Create(ctx));
        root.Subcommands.Add(EvaluateCommand.Create(ctx));
        root.Subcommands.Add(AggregateCommand.Create(ctx));
        root.Subcommands.Add(ReportCommand.Create(ctx));
        root.Subcommands.Add(CompareCommand.Create(ctx));
        root.Subcommands.Add(DemoCommand.Create(ctx));
        root.Subcommands.Add(DatasetsCommand.Create(ctx));
        root.Subcommands.Add(SpectrogramCommand.Create(ctx));
        root.Subcommands.Add(ParametersCommand.Create(ctx));
        root.Subcommands.Add(ExportCommand.Create(ctx));
        root.Subcommands.Add(ImportCommand.Create(ctx));
        root.Subcommands.Add(CacheCommand.Create(ctx));
        return root;
    }
}
