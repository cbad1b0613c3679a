using DataflowLung.Tests.Support;
using System.Text.Json.Nodes;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Issue 23: every recording accounted for at every epoch. A validation WAV truncated between two epochs (and
/// another deleted) must be listed in files_skipped with the epoch that first missed it, metrics.csv must say how many
/// validation recordings and chunks each epoch scored, and the report must not count them as scored. The signal caches
/// (memory tier and persistent store, both keyed by the file's content hash, re-read when its size or time changes)
/// must not hide the change. A recording whose every annotated cycle lies past its end, and a cycle wholly past the end,
/// are listed with a reason, never dropped unlisted.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class RecordingAccountingTests
{
    [Fact]
    public async Task A_validation_recording_cut_or_deleted_between_epochs_is_listed_with_its_epoch_and_not_counted_as_scored()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 6, JordanPatients: 6, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: 11));
        var runs = tmp.Combine("runs");
        var job = Path.Combine(runs, "pneumonia", "default", "001");
        string? cut = null, deleted = null;
        void Damage()
        {
            // The split the job recorded: two of its validation recordings, one cut to a broken header, one deleted.
            var validation = JsonNode.Parse(File.ReadAllText(Path.Combine(job, "split.json")))!["validation"]!["recordings"]!.AsArray()
                .Select(r => info.Recordings.First(x => x.Dataset == r!["dataset"]!.GetValue<string>() && x.Name == r["name"]!.GetValue<string>()).Path)
                .ToArray();
            Assert.True(validation.Length >= 3, $"the test needs 3 validation recordings, the split has {validation.Length}");
            cut = validation[0];
            deleted = validation[1];
            var bytes = File.ReadAllBytes(cut);
            File.WriteAllBytes(cut, bytes[..30]);
            File.Delete(deleted);
        }
        var stdout = new TriggerWriter("epoch 1/2:", Damage);
        var stderr = new StringWriter();
        var code = await Cli.RunAsync(["pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--epochs", "2",
            "--features", "cpu", "--set", "bootstrap_resamples=100", "--set", "es_patience=10"], stdout, stderr, CancellationToken.None);
        Assert.True(code == ExitCodes.Success, $"job failed ({code}):\n{stderr}\n{stdout}");
        Assert.NotNull(cut);

        // metrics.csv: epoch 2 scored two recordings fewer than epoch 1, and fewer chunks.
        var rows = MetricsCsv.Read(Path.Combine(job, "metrics.csv"));
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0]["val_recordings"] - 2, rows[1]["val_recordings"]);
        Assert.True(rows[1]["val_chunks"] < rows[0]["val_chunks"], $"val_chunks {rows[0]["val_chunks"]} → {rows[1]["val_chunks"]}");

        // report.json: both listed with epoch 2 and a reason; the split still counts them, the scored counts do not.
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(job, "report.json")))!;
        var skipped = report["data"]!["files_skipped"]!.AsArray();
        foreach (var path in new[] { cut!, deleted! })
        {
            var entry = skipped.FirstOrDefault(s => s!["path"]!.GetValue<string>() == path);
            Assert.True(entry is not null, $"{path} not in files_skipped: {skipped.ToJsonString()}");
            Assert.Equal(2, entry!["epoch"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(entry["reason"]!.GetValue<string>()));
        }
        var val = report["data"]!["val"]!;
        Assert.Equal(rows[0]["val_recordings"], val["recordings"]!.GetValue<int>());
        Assert.Equal(val["recordings"]!.GetValue<int>() - 2, val["scored_recordings"]!.GetValue<int>());
        Assert.Equal(report["val"]!["recording"]!["count"]!.GetValue<int>(), val["scored_recordings"]!.GetValue<int>());
        Assert.Equal(report["val"]!["chunk"]!["count"]!.GetValue<int>(), val["scored_chunks"]!.GetValue<int>());
        var markdown = File.ReadAllText(Path.Combine(job, "report.md"));
        Assert.Contains($"`{cut}`", markdown);
        Assert.Contains("(epoch 2)", markdown);
        Assert.Contains($"scored: {val["scored_recordings"]} recordings", markdown);
    }

    [Fact]
    public async Task Cycles_past_the_end_of_their_recording_are_listed_with_a_reason()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 8, JordanPatients: 0, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: 11, WriteJordan: false));
        var icbhi = info.Of("icbhi").ToArray();
        // One recording's annotation moved wholly past its end (ICBHI-style lines: start, end, crackles, wheezes);
        // another gains one cycle wholly past the end.
        var gone = icbhi[0].Path;
        var goneAnnotation = Path.ChangeExtension(gone, ".txt");
        File.WriteAllLines(goneAnnotation, File.ReadAllLines(goneAnnotation).Where(l => l.Trim().Length > 0).Select(l =>
        {
            var cells = l.Split('\t');
            return $"{double.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture) + 500:0.###}\t" +
                   $"{double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture) + 500:0.###}\t{cells[2]}\t{cells[3]}";
        }));
        var extra = icbhi[1].Path;
        File.AppendAllText(Path.ChangeExtension(extra, ".txt"), "900.5\t902.25\t0\t0\n");

        var runs = tmp.Combine("runs");
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "cycles", "--datasets", "icbhi", "--data-root", corpus, "--out", runs,
            "--model", "tiny", "--epochs", "1", "--features", "cpu", "--set", "bootstrap_resamples=100");
        Assert.True(code == ExitCodes.Success, $"job failed ({code}):\n{stderr}\n{stdout}");
        var job = Path.Combine(runs, "cycles", "default", "001");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(job, "report.json")))!;
        var skipped = report["data"]!["files_skipped"]!.AsArray();
        var entry = skipped.FirstOrDefault(s => s!["path"]!.GetValue<string>() == gone);
        Assert.True(entry is not null, $"{gone} not in files_skipped: {skipped.ToJsonString()}");
        Assert.Contains("lies inside the recording", entry!["reason"]!.GetValue<string>());
        var log = File.ReadAllText(Path.Combine(job, "log.txt"));
        Assert.Contains($"{extra}: ", log);
        Assert.Contains("1 of them lie wholly past the end and are dropped (starting at 900.5 s)", log);
    }
}
