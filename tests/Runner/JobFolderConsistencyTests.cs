using DataflowLung.Tests.Support;
using System.Text.Json.Nodes;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Issue 23: a job folder's state files are checked before they are trusted. One small job is trained, then
/// copies of its folder are damaged (flipped bytes in model.pt, a checkpoint epoch of −5 or 99, a damaged
/// metrics.csv, an edited split.json, a foreign optimizer.pt) and resume / evaluate --job / predict / export must
/// each refuse with a message naming the file and the problem, never a stack trace, never a result.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class JobFolderConsistencyTests
{
    [Fact]
    public async Task Damaged_job_folders_are_refused_by_every_command_that_loads_them()
    {
        using var tmp = new TempFolder();
        var (info, corpus, runs, job) = await SmallTrainedJob.TrainAsync(tmp, bootstrapResamples: 100);
        var wav = info.Recordings.Select(r => r.Path).First(p => p.EndsWith(".wav", StringComparison.Ordinal));
        var last = Path.Combine("checkpoints", "last");
        Assert.Matches("^[0-9a-f]{64}$", JsonNode.Parse(File.ReadAllText(Path.Combine(job, "model.json")))!["weights_sha256"]!.GetValue<string>());
        Assert.Equal(CheckpointStore.Sha256(Path.Combine(job, last, "model.pt")),
            JsonNode.Parse(File.ReadAllText(Path.Combine(job, last, "model.json")))!["weights_sha256"]!.GetValue<string>());

        int copies = 0;
        string Copy() => SmallTrainedJob.Copy(job, tmp.Combine($"copy{++copies}"));
        static void Flip(string file)
        {
            var bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(file, bytes);
        }
        static void SetEpoch(string modelJson, int epoch)
        {
            var node = JsonNode.Parse(File.ReadAllText(modelJson))!;
            node["epoch"] = epoch;
            File.WriteAllText(modelJson, node.ToJsonString());
        }
        // A refusal exits 1 (bad input) or 2 (missing or unusable data), never 0 and never 3 (a crash's code).
        async Task Refused(string what, string[] args, params string[] needles)
        {
            var (c, o, e) = await CliArgumentTests.Run(null, args);
            Assert.True(c is ExitCodes.BadArguments or ExitCodes.MissingData, $"{what}: exit {c}, expected a refusal\n{e}\n{o}");
            foreach (var needle in needles) Assert.True(e.Contains(needle), $"{what}: '{needle}' not in\n{e}");
            Assert.DoesNotContain("   at ", e);
        }

        // 1. Flipped bytes in the weights: every load refuses.
        var flipped = Copy();
        Flip(Path.Combine(flipped, "model.pt"));
        Flip(Path.Combine(flipped, last, "model.pt"));
        await Refused("predict", ["predict", "--model", flipped, "--features", "cpu", wav], "does not match", "model.pt");
        await Refused("export", ["export", "--model", flipped, "--format", "onnx", "--out", tmp.Combine("x.onnx")], "SHA-256");
        Assert.False(File.Exists(tmp.Combine("x.onnx")));
        await Refused("evaluate --job", ["evaluate", "--job", flipped, "--features", "cpu"], "SHA-256");
        await Refused("resume", ["pneumonia", "--resume", flipped, "--epochs", "2"], "SHA-256", Path.Combine(flipped, last, "model.pt"));

        // 2. A checkpoint epoch that cannot be: negative, or beyond what params.json asked for.
        var negative = Copy();
        SetEpoch(Path.Combine(negative, last, "model.json"), -5);
        await Refused("epoch -5", ["pneumonia", "--resume", negative, "--epochs", "2"], "epoch -5", "never negative");
        var beyond = Copy();
        SetEpoch(Path.Combine(beyond, last, "model.json"), 99);
        await Refused("epoch 99", ["pneumonia", "--resume", beyond, "--epochs", "200"], "checkpoint is at epoch 99");

        // 3. metrics.csv damaged, or short of the checkpoint.
        var damaged = Copy();
        File.AppendAllText(Path.Combine(damaged, "metrics.csv"), "two,0.5\n");
        await Refused("damaged metrics.csv", ["pneumonia", "--resume", damaged, "--epochs", "2"], "metrics.csv:3");
        var shortMetrics = Copy();
        File.WriteAllLines(Path.Combine(shortMetrics, "metrics.csv"), File.ReadAllLines(Path.Combine(shortMetrics, "metrics.csv")).Take(1));
        await Refused("metrics.csv without epoch 1", ["pneumonia", "--resume", shortMetrics, "--epochs", "2"], "ends at epoch 0, but the checkpoint is at epoch 1");

        // 4. split.json edited: a validation recording moved to train; one recording on both sides.
        var moved = Copy();
        var split = JsonNode.Parse(File.ReadAllText(Path.Combine(moved, "split.json")))!;
        var validation = split["validation"]!["recordings"]!.AsArray();
        var movedRecording = validation[0]!;
        validation.RemoveAt(0);
        split["train"]!["recordings"]!.AsArray().Add(movedRecording);
        File.WriteAllText(Path.Combine(moved, "split.json"), split.ToJsonString());
        await Refused("moved recording", ["pneumonia", "--resume", moved, "--epochs", "2"], "fingerprint", "does not match its recordings");
        await Refused("moved recording, evaluate", ["evaluate", "--job", moved, "--features", "cpu"], "fingerprint");
        var both = Copy();
        split = JsonNode.Parse(File.ReadAllText(Path.Combine(both, "split.json")))!;
        var twice = split["validation"]!["recordings"]![0]!.DeepClone();
        split["train"]!["recordings"]!.AsArray().Add(twice);
        File.WriteAllText(Path.Combine(both, "split.json"), split.ToJsonString());
        await Refused("recording on both sides", ["pneumonia", "--resume", both, "--epochs", "2"],
            "recordings on both sides", twice["name"]!.GetValue<string>());

        // 5. A foreign optimizer.pt: a clear error naming it, not a crash.
        var foreign = Copy();
        File.WriteAllBytes(Path.Combine(foreign, last, "optimizer.pt"), File.ReadAllBytes(Path.Combine(foreign, last, "model.pt")));
        var (oc, oo, oe) = await CliArgumentTests.Run(null, "pneumonia", "--resume", foreign, "--epochs", "2");
        Assert.True(oc != ExitCodes.Success, $"foreign optimizer resumed:\n{oo}");
        Assert.Contains("optimizer.pt", oe);
        Assert.Contains("not this job's optimizer state", oe);
        Assert.DoesNotContain("   at ", oe);

        // A finished job whose report is current is refused; the untouched job still resumes.
        await Refused("finished job", ["pneumonia", "--resume", job], "finished epoch 1 of 1");
        var resumed = Copy();
        var (rc, ro, re) = await CliArgumentTests.Run(null, "pneumonia", "--resume", resumed, "--epochs", "2");
        Assert.True(rc == ExitCodes.Success, $"clean resume failed ({rc}):\n{re}\n{ro}");

        // 6. A report behind its checkpoint (a run that failed after the last checkpoint: checkpoint at epoch 2,
        // report.json at epoch 1): a resume rebuilds the report instead of refusing.
        File.Copy(Path.Combine(job, "report.json"), Path.Combine(resumed, "report.json"), overwrite: true);
        Assert.True(DataflowLung.Experiments.Jobs.ResumeSetup.StaleReport(resumed, 2));
        var (sc, so, se) = await CliArgumentTests.Run(null, "pneumonia", "--resume", resumed);
        Assert.True(sc == ExitCodes.Success, $"stale report not rebuilt ({sc}):\n{se}\n{so}");
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(Path.Combine(resumed, "report.json")))!["epochs_run"]!.GetValue<int>());
        Assert.False(DataflowLung.Experiments.Jobs.ResumeSetup.StaleReport(resumed, 2));
        Assert.Equal(new double[] { 1, 2 }, DataflowLung.Experiments.Jobs.MetricsCsv.Read(Path.Combine(resumed, "metrics.csv")).Select(r => r["epoch"]));
    }
}
