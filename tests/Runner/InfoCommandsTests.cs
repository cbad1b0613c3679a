using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Parameters;

namespace DataflowLung.Tests.Runner;

public sealed class InfoCommandsTests
{
    [Fact]
    public async Task Datasets_prints_one_table_per_dataset_with_its_counts()
    {
        using var tmp = new TempFolder();
        var info = SyntheticCorpus.Generate(tmp.Path, new SyntheticCorpusParams(IcbhiPatients: 4, JordanPatients: 3, MaxSeconds: 10));
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "datasets", "--data-root", tmp.Path, "--task", "cw");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains($"icbhi ({Path.Combine(tmp.Path, "icbhi")})", stdout);
        Assert.Contains($"jordan ({Path.Combine(tmp.Path, "jordan")})", stdout);
        Assert.Matches($@"recordings\s+│ {info.Of("icbhi").Count}\s", stdout);
        Assert.Contains("chunks for cw at 8000 Hz", stdout);
    }

    [Fact]
    public async Task Parameters_lists_every_key_with_its_default()
    {
        var (code, stdout, _) = await CliArgumentTests.Run(null, "parameters");
        Assert.Equal(ExitCodes.Success, code);
        foreach (var key in ParameterKeys.All)
            Assert.Contains(key.Name, stdout);
        Assert.Matches(@"n_mels\s+128\s", stdout);
    }
}
