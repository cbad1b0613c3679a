using DataflowLung.Tests.Support;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>A job folder records its split (split.json); <c>evaluate --job</c> re-scores the job's model on exactly that
/// validation split, and <c>--resume</c> keeps it: a recorded recording that changed or vanished is refused, one
/// added since is ignored with a warning (issue 12.5: a resume on another data root used to re-split silently).</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class SplitRecordTests
{
    [Fact]
    public async Task Evaluate_job_and_resume_reuse_the_recorded_split()
    {
        using var tmp = new TempFolder();
        var (info, corpus, runs, job) = await SmallTrainedJob.TrainAsync(tmp, bootstrapResamples: 200);
        var splitJson = File.ReadAllText(Path.Combine(job, "split.json"));
        var split = JsonNode.Parse(splitJson)!;
        var validation = split["validation"]!["recordings"]!.AsArray().Select(r => r!["file"]!.GetValue<string>()).ToArray();
        var train = split["train"]!["recordings"]!.AsArray().Select(r => r!["file"]!.GetValue<string>()).ToArray();
        Assert.NotEmpty(validation);
        Assert.Equal(info.Recordings.Count, validation.Length + train.Length);
        Assert.All(split["validation"]!["recordings"]!.AsArray(), r => Assert.Matches("^[0-9a-f]{64}$", r!["sha256"]!.GetValue<string>()));

        // evaluate --job: the saved best model on the job's own validation split gives the job's own metrics, intervals included.
        var (evaluated, evalOut, evalErr) = await CliArgumentTests.Run(null, "evaluate", "--job", job, "--features", "cpu");
        Assert.True(evaluated == ExitCodes.Success, $"evaluate --job failed ({evaluated}):\n{evalErr}\n{evalOut}");
        var evaluation = Path.Combine(runs, "pneumonia", "evaluate", "001");
        Assert.Equal(Val(Path.Combine(job, "report.json")), Val(Path.Combine(evaluation, "report.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(job, "predictions.csv")), File.ReadAllText(Path.Combine(evaluation, "predictions.csv")));

        // A validation recording whose content changed: refused, naming it, before anything trains.
        var changed = Copy(corpus, tmp.Combine("changed"));
        File.Copy(Path.Combine(changed, train[0]), Path.Combine(changed, validation[0]), overwrite: true);
        var (refused, _, refusal) = await CliArgumentTests.Run(null, "pneumonia", "--resume", job, "--epochs", "2", "--data-root", changed);
        Assert.Equal(ExitCodes.MissingData, refused);
        Assert.Contains("1 recording(s) changed", refusal);
        Assert.Contains($"{validation[0]} (content differs", refusal);
        var (refusedEval, _, evalRefusal) = await CliArgumentTests.Run(null, "evaluate", "--job", job, "--data-root", changed, "--features", "cpu");
        Assert.Equal(ExitCodes.MissingData, refusedEval);
        Assert.Contains($"{validation[0]} (content differs", evalRefusal);

        // A training recording gone: refused too.
        var missing = Copy(corpus, tmp.Combine("missing"));
        File.Delete(Path.Combine(missing, train[^1]));
        (refused, _, refusal) = await CliArgumentTests.Run(null, "pneumonia", "--resume", job, "--epochs", "2", "--data-root", missing);
        Assert.Equal(ExitCodes.MissingData, refused);
        Assert.Contains($"1 recorded recording(s) missing: {train[^1]}", refusal);

        // A recording of a new patient added: ignored with a warning; the split stays as recorded.
        var added = Copy(corpus, tmp.Combine("added"));
        var jordan = Path.GetFileName(Directory.GetFiles(Path.Combine(added, "jordan"), "*.wav").First());
        var newcomer = Regex.Replace(jordan, @"^([BDE]P)\d+_", "${1}977_");
        File.Copy(Path.Combine(added, "jordan", jordan), Path.Combine(added, "jordan", newcomer));
        var (resumed, resumedOut, resumedErr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", job, "--epochs", "2", "--data-root", added);
        Assert.True(resumed == ExitCodes.Success, $"resume failed ({resumed}):\n{resumedErr}\n{resumedOut}");
        Assert.Contains("warning: 1 recording(s) added since", resumedOut);
        Assert.Contains(Path.GetFileNameWithoutExtension(newcomer), resumedOut);
        Assert.Equal(splitJson, File.ReadAllText(Path.Combine(job, "split.json")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "report.json")));
        Assert.Equal(validation.Length, report.RootElement.GetProperty("data").GetProperty("val").GetProperty("recordings").GetInt32());
        Assert.Contains(report.RootElement.GetProperty("data").GetProperty("split_notes").EnumerateArray(), n => n.GetString()!.Contains("added since"));
        Assert.DoesNotContain(Path.GetFileNameWithoutExtension(newcomer), File.ReadAllText(Path.Combine(job, "predictions.csv")));
    }

    private static string Val(string reportJson) => JsonNode.Parse(File.ReadAllText(reportJson))!["val"]!.ToJsonString();

    private static string Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }
}
