using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary><c>runner demo</c>: synthesises a small lung-sound corpus in the ICBHI and Jordan layouts into a temporary
/// folder, then runs the real pneumonia job on it with the <c>tiny</c> model. The synthetic signal is learnable, so a
/// working chain reaches a high patient-level AUC. A kept corpus folder must be new, empty or a corpus the demo wrote
/// before (<see cref="DemoCorpusFolder"/>).</summary>
public static class DemoJob
{
    /// <summary>The demo job: the original's pipeline at its sizes, the tiny model, a few epochs. The best epoch
    /// is chosen on validation loss: patient AUC saturates at once on this corpus, before the 0.5 threshold is
    /// calibrated, so it would keep the first epoch.</summary>
    public static Seq<(string Key, string Value)> DemoSettings { get; } = Seq(
        ("datasets", "icbhi,jordan"), ("model", "tiny"), ("epochs", "6"), ("lr", "0.003"), ("es_patience", "6"), ("monitor", "val_loss"));

    /// <param name="keep">Where to write and keep the corpus (default: a temporary folder, removed afterwards).</param>
    public static async Task<JobOutcome> RunAsync(JobRequest request, Option<string> keep, JobHost host, CancellationToken ct)
    {
        // Every path is checked before anything is written: the output root, then the corpus folder.
        var badOut = OutputRoot.Check(request.OutOption.IfNone("runs"));
        if (!badOut.IsEmpty) return new JobOutcome.BadInput("bad output folder:", badOut);
        var kept = keep.IfNoneUnsafe((string?)null);
        string corpus;
        if (kept is null) corpus = DemoTempCorpus.Create(); // also removes corpora left by killed demos
        else
        {
            var claimed = DemoCorpusFolder.Claim(kept);
            if (claimed.Case is not string full) return new JobOutcome.BadInput("cannot write the demo corpus:", Seq1(claimed.Match(_ => "", e => e.Message)));
            corpus = full;
        }
        try
        {
            var console = host.CreateConsole();
            console.Line($"synthesising the demo corpus in {corpus} ...");
            var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams());
            console.Line($"  {info.Recordings.Count} recordings, {info.Patients("icbhi")} + {info.Patients("jordan")} patients " +
                         $"({info.PneumoniaPatients("icbhi")} + {info.PneumoniaPatients("jordan")} with pneumonia), {info.TotalSeconds / 60:0.0} min of audio");
            var root = new DataRoot(corpus, "the demo's synthetic corpus");
            var commandLine = request.Sources(TaskRegistry.Pneumonia, root);
            var sources = commandLine with { Overrides = DemoSettings.Concat(commandLine.Overrides).ToSeq() };
            return await ParameterResolver.Resolve(sources).Match(
                Succ: p => Training.NewJobAsync(Path.Combine(p.Paths.OutRoot, p.Task.Name, "demo"), p, root, host, ct),
                Fail: e => Task.FromResult<JobOutcome>(new JobOutcome.BadInput("invalid demo parameters:", ParameterResolver.Problems(e))));
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
