using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline.Datasets;

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

    [Fact]
    public async Task Parameters_and_help_list_the_registered_models_and_datasets()
    {
        var (code, stdout, _) = await CliArgumentTests.Run(null, "parameters");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"model architecture ({string.Join(", ", ModelRegistry.Names)})", stdout);
        Assert.All(ModelRegistry.All, m => Assert.Matches($@"\n\s+{m.Name}\s+{System.Text.RegularExpressions.Regex.Escape(m.Description)}", stdout));
        Assert.Contains($"each a sub-folder of the data root ({string.Join(", ", DatasetRegistry.Names)})", stdout);
        Assert.Matches(@"\n\s+bd\s+for pneumonia\r?\n", stdout);

        var (helpCode, help, _) = await CliArgumentTests.Run(null, "pneumonia", "--help");
        Assert.Equal(ExitCodes.Success, helpCode);
        Assert.Contains(string.Join(", ", ModelRegistry.Names), help);
        Assert.Contains(string.Join(", ", DatasetRegistry.Names), help);
    }
}
