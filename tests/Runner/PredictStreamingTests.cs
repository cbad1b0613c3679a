using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Runner;

/// <summary>Issue 23 through the real CLI: predict cuts each recording's chunks from its decode stream (the default,
/// <c>--signal-cache-bytes 0</c>); holding the decoded signals whole (a budget larger than any of them) must print the
/// same CSV, every chunk's probabilities included, on real recordings (ICBHI at 4 and 44.1 kHz, Jordan at 4 kHz).</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class PredictStreamingTests
{
    [SkippableFact]
    public async Task Streamed_and_whole_signal_predict_print_the_same_csv_on_real_recordings()
    {
        var icbhi = TestData.Dataset("icbhi");
        var jordan = TestData.Dataset("jordan");
        Skip.If(icbhi is null || jordan is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var inputs = Directory.GetFiles(icbhi, "*.wav").Order(StringComparer.Ordinal).Take(3)
            .Concat(Directory.GetFiles(jordan, "*.wav").Order(StringComparer.Ordinal).Take(2)).ToArray();

        async Task<string> Predict(string budget)
        {
            var (code, stdout, stderr) = await CliArgumentTests.Run(null,
                ["predict", "--model", model, "--format", "csv", "--chunks", "--features", "cpu", "--signal-cache-bytes", budget, .. inputs]);
            Assert.True(code == ExitCodes.Success, stderr);
            return stdout;
        }

        var streamed = await Predict("0");
        var whole = await Predict("100000000000");
        Assert.Equal(whole, streamed);
        // Every input has its row and its chunks: the comparison is not of two empty tables.
        Assert.All(inputs, i => Assert.Contains(Path.GetFileName(i), streamed));
        Assert.Contains("_99", streamed);
    }
}
