using DataflowLung.Tests.Support;
using System.Text.Json.Nodes;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Issue 23: <c>runner report JOB</c> rebuilds a finished job's report from its folder without training. One
/// small job is trained; copies of its folder lose their report, get a stale one, or are damaged or unfinished, and the
/// command must rebuild what it can (equal to the original apart from clocks and what only the training pass measures)
/// and refuse the rest in one line naming the file and the problem, writing nothing into a refused folder.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class ReportCommandTests
{
    /// <summary>What a rebuilt report.json may differ in: clocks, versions, the folder's own path, and the training pass's
    /// timing and augmentation counts (a rebuild trains nothing, so it cannot measure them).</summary>
    private static readonly string[] Varying = [.. GoldenNormaliser.ReportJsonVarying, "timing", "augmentation", "job_directory", "data.split_notes"];

    [Fact]
    public async Task Report_is_rebuilt_from_a_finished_job_folder_and_refused_for_anything_else()
    {
        using var tmp = new TempFolder();
        var (_, _, _, job) = await SmallTrainedJob.TrainAsync(tmp, bootstrapResamples: 100);
        var original = File.ReadAllText(Path.Combine(job, "report.json"));
        var originalPredictions = File.ReadAllText(Path.Combine(job, "predictions.csv"));
        int copies = 0;
        string Copy() => SmallTrainedJob.Copy(job, tmp.Combine($"copy{++copies}"));
        static string Normalised(string reportJson) => GoldenNormaliser.Json(reportJson, Varying);

        // 1. The report deleted: rebuilt, equal to the original but for clocks and the training pass's own counters.
        var deleted = Copy();
        foreach (var name in new[] { "report.json", "report.md", "report.html", "predictions.csv" }) File.Delete(Path.Combine(deleted, name));
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "report", deleted, "--features", "cpu");
        Assert.True(code == ExitCodes.Success, $"report not rebuilt ({code}):\n{stderr}\n{stdout}");
        foreach (var name in new[] { "report.json", "report.md", "report.html", "predictions.csv" })
            Assert.True(File.Exists(Path.Combine(deleted, name)), $"{name} not rebuilt");
        var rebuilt = File.ReadAllText(Path.Combine(deleted, "report.json"));
        Assert.Equal(Normalised(original), Normalised(rebuilt));
        Assert.Equal(originalPredictions, File.ReadAllText(Path.Combine(deleted, "predictions.csv")));
        Assert.Null(JsonNode.Parse(rebuilt)!["resumed_from_epoch"]);
        // The split notes gain one: the rebuild reuses the split the folder recorded.
        var notes = JsonNode.Parse(rebuilt)!["data"]!["split_notes"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(JsonNode.Parse(original)!["data"]!["split_notes"]!.AsArray().Select(n => n!.GetValue<string>()), notes.Where(n => !n.StartsWith("reused", StringComparison.Ordinal)));
        Assert.Contains(notes, n => n.StartsWith("reused the split", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(job, "metrics.csv")), File.ReadAllText(Path.Combine(deleted, "metrics.csv")));
        Assert.Contains("rebuilding the report of the finished job", File.ReadAllText(Path.Combine(deleted, "log.txt")));

        // 2. A stale report (behind the checkpoint, as a run that failed while writing it leaves): rebuilt.
        var stale = Copy();
        var staleReport = JsonNode.Parse(original)!;
        staleReport["epochs_run"] = 0;
        staleReport["val"] = null;
        File.WriteAllText(Path.Combine(stale, "report.json"), staleReport.ToJsonString());
        Assert.True(DataflowLung.Experiments.Jobs.ResumeSetup.StaleReport(stale, 1));
        (code, stdout, stderr) = await CliArgumentTests.Run(null, "report", stale, "--features", "cpu");
        Assert.True(code == ExitCodes.Success, $"stale report not rebuilt ({code}):\n{stderr}\n{stdout}");
        Assert.False(DataflowLung.Experiments.Jobs.ResumeSetup.StaleReport(stale, 1));
        Assert.Equal(Normalised(original), Normalised(File.ReadAllText(Path.Combine(stale, "report.json"))));

        // 3. A run killed between the two renames of an epoch's commit (checkpoints/last moved aside, last.new half
        // written): the previous checkpoint is put back and the report rebuilt from it.
        var interrupted = Copy();
        var lastFolder = Path.Combine(interrupted, "checkpoints", "last");
        Directory.Move(lastFolder, lastFolder + ".old");
        Directory.CreateDirectory(lastFolder + ".new");
        File.WriteAllText(Path.Combine(lastFolder + ".new", "model.pt"), "half");
        File.Delete(Path.Combine(interrupted, "report.json"));
        (code, stdout, stderr) = await CliArgumentTests.Run(null, "report", interrupted, "--features", "cpu");
        Assert.True(code == ExitCodes.Success, $"interrupted commit not recovered ({code}):\n{stderr}\n{stdout}");
        Assert.True(Directory.Exists(lastFolder));
        Assert.False(Directory.Exists(lastFolder + ".old") || Directory.Exists(lastFolder + ".new"));
        Assert.Equal(Normalised(original), Normalised(File.ReadAllText(Path.Combine(interrupted, "report.json"))));

        // 4. Refusals: one line naming the file and the problem, an exit code of a refusal, nothing written.
        async Task Refused(string what, string folder, int exit, params string[] needles)
        {
            var before = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => (f, File.GetLastWriteTimeUtc(f))).ToArray() : [];
            var (c, o, e) = await CliArgumentTests.Run(null, "report", folder, "--features", "cpu");
            Assert.True(c == exit, $"{what}: exit {c}, expected {exit}\n{e}\n{o}");
            Assert.Contains("cannot rebuild the report of", e);
            foreach (var needle in needles) Assert.True(e.Contains(needle), $"{what}: '{needle}' not in\n{e}");
            Assert.DoesNotContain("   at ", e);
            var after = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => (f, File.GetLastWriteTimeUtc(f))).ToArray() : [];
            Assert.Equal(before, after);
        }
        var notAJob = tmp.Combine("not-a-job");
        Directory.CreateDirectory(notAJob);
        File.WriteAllText(Path.Combine(notAJob, "notes.txt"), "hello");
        await Refused("a folder without params.json", notAJob, ExitCodes.MissingData, Path.Combine(notAJob, "params.json"), "not a job folder");
        await Refused("a missing folder", tmp.Combine("nowhere"), ExitCodes.MissingData, "is not a folder");

        var unfinished = Copy();
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(unfinished, "params.json")))!;
        parameters["parameters"]!["epochs"] = 3;
        File.WriteAllText(Path.Combine(unfinished, "params.json"), parameters.ToJsonString());
        await Refused("an unfinished job", unfinished, ExitCodes.BadArguments, "not finished", "epoch 1 of 3", "--resume");

        var flipped = Copy();
        var weights = Path.Combine(flipped, "checkpoints", "best", "model.pt");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(weights, bytes);
        File.Delete(Path.Combine(flipped, "report.json"));
        var (fc, fo, fe) = await CliArgumentTests.Run(null, "report", flipped, "--features", "cpu");
        Assert.True(fc is not ExitCodes.Success, $"damaged best weights reported:\n{fo}");
        Assert.Contains(weights, fe);
        Assert.Contains("SHA-256", fe);
        Assert.DoesNotContain("   at ", fe);
        Assert.False(File.Exists(Path.Combine(flipped, "report.json")));

        var damaged = Copy();
        File.AppendAllText(Path.Combine(damaged, "metrics.csv"), "two,0.5\n");
        await Refused("a damaged metrics.csv", damaged, ExitCodes.BadArguments, Path.Combine(damaged, "metrics.csv") + ":3");
    }
}
