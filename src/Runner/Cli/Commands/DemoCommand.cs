using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner demo</c>: synthesises a small lung-sound corpus in the ICBHI and Jordan layouts into a
/// temporary folder, then runs the real pneumonia job on it with the <c>tiny</c> model and prints where the
/// report is. The synthetic signal is learnable, so a working chain reaches a high patient-level AUC. <c>--corpus DIR</c>
/// keeps the corpus in DIR, which must be new, empty or a corpus the demo wrote before (<see cref="DemoCorpusFolder"/>).</summary>
public static class DemoCommand
{
    /// <summary>The demo job: the original's pipeline at its sizes, the tiny model, a few epochs. The best epoch
    /// is chosen on validation loss: patient AUC saturates at once on this corpus, before the 0.5 threshold is
    /// calibrated, so it would keep the first epoch.</summary>
    public static Seq<(string Key, string Value)> DemoSettings { get; } = Seq(
        ("datasets", "icbhi,jordan"), ("model", "tiny"), ("epochs", "6"), ("lr", "0.003"), ("es_patience", "6"), ("monitor", "val_loss"));

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

    private static async Task<int> RunAsync(ParseResult r, JobOptions options, System.CommandLine.Option<string?> keep, CliContext ctx, CancellationToken ct)
    {
        // Every path is checked before anything is written: the output root, then the corpus folder.
        var badOut = OutputRoot.Check(r.GetValue(options.Out) ?? "runs");
        if (!badOut.IsEmpty) return ParameterErrors.Report(ctx.Error, "bad output folder:", badOut, ExitCodes.BadArguments);
        var kept = r.GetValue(keep);
        string corpus;
        if (kept is null) corpus = Directory.CreateTempSubdirectory("dataflowlung-demo-").FullName;
        else
        {
            var claimed = DemoCorpusFolder.Claim(kept);
            if (claimed.IsLeft) return ParameterErrors.Report(ctx.Error, "cannot write the demo corpus:", claimed.LeftToSeq(), ExitCodes.BadArguments);
            corpus = claimed.Match(Right: c => c, Left: _ => kept);
        }
        try
        {
            var console = ctx.CreateConsole();
            console.Line($"synthesising the demo corpus in {corpus} ...");
            var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams());
            console.Line($"  {info.Recordings.Count} recordings, {info.Patients("icbhi")} + {info.Patients("jordan")} patients " +
                         $"({info.PneumoniaPatients("icbhi")} + {info.PneumoniaPatients("jordan")} with pneumonia), {info.TotalSeconds / 60:0.0} min of audio");
            var root = new DataRoot(corpus, "the demo's synthetic corpus");
            var commandLine = options.Sources(r, TaskRegistry.Pneumonia, root);
            var sources = commandLine with { Overrides = DemoSettings.Concat(commandLine.Overrides).ToSeq() };
            return await ParameterResolver.Resolve(sources).MatchAsync(
                RightAsync: async p => OutcomeExit.Of(await Training.NewJobAsync(Path.Combine(p.Paths.OutRoot, "pneumonia", "demo"), p, root, ctx.Host, ct), ctx.Error),
                Left: problems => ParameterErrors.Report(ctx.Error, "invalid demo parameters:", problems, ExitCodes.BadArguments));
        }
        finally
        {
            if (kept is null) TryDelete(corpus);
        }
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* the OS cleans its temp folder; a leftover corpus harms nothing */ }
    }
}
