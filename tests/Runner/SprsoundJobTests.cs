using System.Text.Json;
using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Runner;

/// <summary><c>runner sprsound --task …</c> and <c>runner pneumonia --datasets sprsound</c> on the SPRSound subset in
/// ../shared/data: trained on the train folder, the official test sets scored once, in report.json's <c>test</c>.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class SprsoundJobTests
{
    // Small features keep CI short; the task's own sizes are its defaults.
    static readonly string[] Small = ["--model", "tiny", "--epochs", "1", "--features", "cpu", "--no-cache", "--set", "n_mels=32", "--set", "bootstrap_resamples=100"];

    static async Task<JsonElement> Job(TempFolder tmp, string task, params string[] args)
    {
        var runs = tmp.Combine("runs");
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, [task, "--data-root", TestData.Root!, "--out", runs, .. args, .. Small]);
        Assert.True(code == ExitCodes.Success, $"{task} failed ({code}):\n{stderr}\n{stdout}");
        var job = Directory.GetDirectories(Path.Combine(runs, task, "default")).Single();
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "report.json")));
        Assert.All(report.RootElement.GetProperty("test").EnumerateObject(),
            set => Assert.True(File.Exists(Path.Combine(job, $"predictions_test_{set.Name}.csv"))));
        return report.RootElement.Clone();
    }

    [SkippableFact]
    public async Task A_record_task_scores_both_test_sets_by_the_challenge_metrics_at_the_record_level()
    {
        Skip.If(TestData.Dataset("sprsound") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var report = await Job(tmp, "sprsound", "--task", "2-1");
        var test = report.GetProperty("test");
        Assert.Equal(new[] { "inter", "intra" }, test.EnumerateObject().Select(p => p.Name).ToArray());
        foreach (var (set, recordings) in new[] { ("inter", 25), ("intra", 25) })
        {
            var record = test.GetProperty(set).GetProperty("recording");
            Assert.Equal(recordings, record.GetProperty("count").GetInt32());
            Assert.Equal(3, record.GetProperty("confusion").GetArrayLength());
            foreach (var score in new[] { "se", "sp", "as", "hs", "score" })
                Assert.True(record.GetProperty("challenge_scores").TryGetProperty(score, out _), $"{set}: no {score}");
            Assert.True(record.GetProperty("intervals").TryGetProperty("sp", out _));
        }
        var mean = report.GetProperty("test_mean").GetProperty("recording").GetProperty("sp");
        var sp = new[] { "inter", "intra" }.Select(s => test.GetProperty(s).GetProperty("recording").GetProperty("challenge_scores").GetProperty("sp").GetDouble());
        Assert.Equal(sp.Average(), mean.GetDouble(), 12);
        // the train folder alone was split; no test recording was trained on or validated on
        Assert.Equal(128, report.GetProperty("data").GetProperty("train").GetProperty("recordings").GetInt32()
                          + report.GetProperty("data").GetProperty("val").GetProperty("recordings").GetInt32());
    }

    [SkippableFact]
    public async Task Pneumonia_on_sprsound_reports_the_inter_subject_patients_and_never_the_intra_subject_ones()
    {
        Skip.If(TestData.Dataset("sprsound") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var report = await Job(tmp, "pneumonia", "--datasets", "sprsound");
        var test = report.GetProperty("test");
        Assert.Equal(new[] { "inter" }, test.EnumerateObject().Select(p => p.Name).ToArray());
        var patient = test.GetProperty("inter").GetProperty("patient");
        Assert.Equal(4, patient.GetProperty("count").GetInt32());
        Assert.Equal(2, patient.GetProperty("support").GetProperty("positive").GetInt32());
        Assert.Contains(report.GetProperty("data").GetProperty("split_notes").EnumerateArray(), n => n.GetString()!.Contains("test set intra") && n.GetString()!.Contains("not scored"));
    }

    [SkippableFact]
    public async Task Seeds_report_each_test_sets_mean_and_sd()
    {
        Skip.If(TestData.Dataset("sprsound") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var runs = tmp.Combine("runs");
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, ["sprsound", "--task", "2-1", "--seeds", "2", "--data-root", TestData.Root!, "--out", runs, .. Small]);
        Assert.True(code == ExitCodes.Success, $"sprsound --seeds failed ({code}):\n{stderr}\n{stdout}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "sprsound", "default", "001", "report.json")));
        var spread = report.RootElement.GetProperty("test_spread");
        Assert.Equal(new[] { "inter", "intra" }, spread.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(2, spread.GetProperty("intra").GetProperty("recording").GetProperty("sp").GetProperty("total").GetInt32());
        Assert.Contains("test intra recording", stdout);
    }
}
