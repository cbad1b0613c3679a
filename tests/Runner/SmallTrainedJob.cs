using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>The smallest real job the job-folder tests start from: a synthetic corpus of 8 patients (4 ICBHI, 4
/// Jordan, half with pneumonia, 10–11 s recordings), one epoch of <c>tiny</c> through the CLI on CPU features.</summary>
public static class SmallTrainedJob
{
    public sealed record Trained(SyntheticCorpusInfo Corpus, string CorpusFolder, string Runs, string Job);

    public static async Task<Trained> TrainAsync(TempFolder tmp, int bootstrapResamples)
    {
        var corpus = tmp.Combine("corpus");
        var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 4, JordanPatients: 4, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: 11));
        var runs = tmp.Combine("runs");
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--epochs", "1",
            "--features", "cpu", "--set", $"bootstrap_resamples={bootstrapResamples}");
        Assert.True(code == ExitCodes.Success, $"job failed ({code}):\n{stderr}\n{stdout}");
        return new Trained(info, corpus, runs, Path.Combine(runs, "pneumonia", "default", "001"));
    }

    /// <summary>A copy of a whole job folder at <paramref name="to"/>, for a test to damage without touching the original.</summary>
    public static string Copy(string job, string to)
    {
        foreach (var file in Directory.GetFiles(job, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(job, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }
}
