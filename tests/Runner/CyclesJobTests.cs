using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using System.Text.Json;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Tests.Support;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

/// <summary><c>runner cycles</c>: its parameters, its report metrics from prediction rows, and the real command on a
/// few real ICBHI recordings with the official list, then <c>evaluate</c> of its model on another ICBHI folder.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class CyclesJobTests
{
    static Fin<JobParameters> Resolve(LearningTask task, params (string, string)[] sets) =>
        ParameterResolver.Resolve(new ParameterSources(task, None, toSeq(sets), "data", "runs"));

    static JobParameters Valid(LearningTask task, params (string, string)[] sets) =>
        Resolve(task, sets).Match(Succ: p => p, Fail: e => throw new Xunit.Sdk.XunitException(string.Join("; ", ParameterResolver.Problems(e))));

    [Fact]
    public void Cycles_defaults_are_the_papers_benchmark_and_cycle_classes_picks_the_two_class_variant()
    {
        var p = Valid(TaskRegistry.Cycles);
        Assert.Equal(TaskRegistry.Cycles, p.Task);
        Assert.Equal(new[] { "icbhi" }, p.Datasets.ToArray());
        Assert.Equal(FeatureParams.Kaldi, p.Features);
        Assert.Equal((8.0, true, CycleFit.Repeat), (p.Chunk.AudioLengthSeconds, p.Chunk.PerCycle, p.Chunk.CycleFit));
        Assert.Equal((true, false), (p.Split.UseOfficialIcbhiSplit, p.Split.OfficialSplitRequired));
        Assert.Equal("icbhi_score", ValidationMonitor(p));

        var binary = Valid(TaskRegistry.Cycles, ("cycle_classes", "2"));
        Assert.Equal(new CyclesTask(CyclesTask.TwoClasses), binary.Task);
        Assert.Equal("cycles", binary.Task.Name);

        // params.json of a 2-class job reads back as a 2-class job
        using var tmp = new TempFolder();
        var file = tmp.Combine("params.json");
        File.WriteAllText(file, ParamsJson.Render(binary, VersionInfo.Current));
        var reread = ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Cycles, Some(file), Empty, "data", "runs"));
        Assert.Equal(new CyclesTask(CyclesTask.TwoClasses), reread.Match(Succ: x => x.Task, Fail: _ => TaskRegistry.Pneumonia));
    }

    static string ValidationMonitor(JobParameters p) => p.Task.DefaultMonitor;

    [Theory]
    [InlineData("cycles", "cycle_classes", "3", "expected 4 or 2")]
    [InlineData("cw", "cycle_classes", "2", "applies to the cycles task only")]
    [InlineData("cycles", "per_cycle", "false", "one sample per annotated cycle")]
    [InlineData("cycles", "datasets", "icbhi,jordan", "dataset \"jordan\" has no cycles labels")]
    [InlineData("cycles", "preemphasis", "1.5", "pre-emphasis must be in [0, 1)")]
    public void Wrong_cycles_parameters_are_refused_with_the_reason(string task, string key, string value, string expected)
    {
        var problems = Resolve(TestTasks.Named(task), (key, value)).Match(Succ: _ => Seq<string>(), Fail: ParameterResolver.Problems);
        Assert.Contains(problems, m => m.Contains(expected));
    }

    [Fact]
    public void Report_metrics_of_cycle_rows_are_the_challenge_metrics_and_recordings_take_their_dominant_class()
    {
        PredictionRow Row(string rec, string patient, int truth, params float[] p) =>
            new(PredictionLevel.Chunk, $"{rec}_c", "icbhi", rec, patient, [.. ClassIndex.OneHot(TaskRegistry.Cycles.ClassCount, truth)], [.. p]);
        var rows = PredictionLevels.FromChunkRows(
        [
            Row("a", "1", 0, 0.8f, 0.1f, 0.05f, 0.05f),
            Row("a", "1", 0, 0.6f, 0.3f, 0.05f, 0.05f),
            Row("a", "1", 3, 0.2f, 0.5f, 0.1f, 0.2f),
            Row("b", "2", 2, 0.1f, 0.1f, 0.7f, 0.1f),
            Row("b", "2", 2, 0.6f, 0.1f, 0.2f, 0.1f),
            Row("b", "2", 1, 0.1f, 0.6f, 0.2f, 0.1f),
        ], TaskRegistry.Cycles);
        var recording = rows.Single(r => r.Level == PredictionLevel.Recording && r.Recording == "a");
        Assert.Equal(new double[] { 2f / 3, 0, 0, 1f / 3 }, recording.Labels);
        var val = Scoring.Validation(TaskRegistry.Cycles, rows);
        var chunk = val.Chunk;
        Assert.Equal(new long[][] { [2, 0, 0, 0], [0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0] }, chunk.Confusion);
        Assert.Equal(1.0, chunk.Specificity!.Value, 12);
        Assert.Equal(2.0 / 4, chunk.Sensitivity!.Value, 12);
        Assert.Equal(0.75, chunk.IcbhiScore!.Value, 12);
        Assert.Equal((4, 2), (chunk.Support!.Positive, chunk.Support.Negative));
        Assert.True(chunk.HasIcbhiScore);
        Assert.Equal(new[] { "none", "crackles", "wheezes", "both" }, chunk.Classes);
        Assert.Equal(0.75, chunk.Named()["icbhi_score"]!.Value, 12);
        // recording b: truth wheezes (2 of 3 cycles), mean probabilities favour wheezes too
        Assert.Equal(new long[][] { [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0] }, val.Recording.Confusion);
    }

    static readonly string[] Train = ["103_2b2_Ar_mc_LittC2SE", "106_2b1_Pl_mc_LittC2SE"];
    static readonly string[] Test = ["104_1b1_Ar_sc_Litt3200", "104_1b1_Ll_sc_Litt3200", "145_2b2_Pr_mc_AKGC417L"];
    static readonly string[] HeldOut = ["104_1b1_Al_sc_Litt3200", "130_1p3_Ll_mc_AKGC417L"];

    static string CopyIcbhi(TempFolder tmp, string name, IEnumerable<string> recordings, bool officialList)
    {
        var icbhi = TestData.Dataset("icbhi")!;
        var target = tmp.Combine(name, "icbhi");
        Directory.CreateDirectory(target);
        foreach (var r in recordings)
            foreach (var ext in new[] { ".wav", ".txt" })
                File.Copy(Path.Combine(icbhi, r + ext), Path.Combine(target, r + ext));
        File.Copy(Path.Combine(icbhi, "ICBHI_Challenge_diagnosis.txt"), Path.Combine(target, "ICBHI_Challenge_diagnosis.txt"));
        if (officialList) File.Copy(Path.Combine(icbhi, IcbhiAdapter.OfficialSplitFile), Path.Combine(target, IcbhiAdapter.OfficialSplitFile));
        return tmp.Combine(name);
    }

    static int CycleLines(IEnumerable<string> recordings) =>
        recordings.Sum(r => File.ReadLines(Path.Combine(TestData.Dataset("icbhi")!, r + ".txt")).Count(l => l.Trim().Length > 0));

    [SkippableFact]
    public async Task Runner_cycles_trains_on_the_official_list_reports_the_challenge_metrics_and_evaluate_scores_another_folder()
    {
        Skip.If(TestData.Dataset("icbhi") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var data = CopyIcbhi(tmp, "data", Train.Concat(Test), officialList: true);
        var runs = tmp.Combine("runs");
        // Small features keep CI short; the benchmark's own sizes are the defaults (8 s, 128 bins).
        string[] small = ["--model", "tiny", "--epochs", "1", "--features", "cpu", "--set", "audio_length=2", "--set", "n_mels=32", "--set", "bootstrap_resamples=100"];
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, ["cycles", "--datasets", "icbhi", "--data-root", data, "--out", runs, "--official-split", .. small]);
        Assert.True(code == ExitCodes.Success, $"cycles failed ({code}):\n{stderr}\n{stdout}");
        Assert.Contains("official split from", stdout);
        Assert.Contains("cycle confusion (rows truth, columns prediction; none, crackles, wheezes, both)", stdout);

        var job = Path.Combine(runs, "cycles", "default", "001");
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "report.json"))))
        {
            var root = report.RootElement;
            Assert.Equal("cycles", root.GetProperty("task").GetString());
            var chunk = root.GetProperty("val").GetProperty("chunk");
            Assert.Equal(CycleLines(Test), chunk.GetProperty("count").GetInt32());
            Assert.Equal(4, chunk.GetProperty("confusion").GetArrayLength());
            Assert.All(chunk.GetProperty("confusion").EnumerateArray(), row => Assert.Equal(4, row.GetArrayLength()));
            Assert.Equal(CycleLines(Test), chunk.GetProperty("confusion").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetInt32()));
            foreach (var metric in new[] { "sensitivity", "specificity", "icbhi_score" })
                Assert.Equal(JsonValueKind.Number, chunk.GetProperty(metric).ValueKind);
            Assert.Equal(CycleLines(Train), root.GetProperty("data").GetProperty("train").GetProperty("chunks").GetInt32());
            Assert.Equal(new[] { 1, 32, 1 + (2 * 16000 - 400) / 160 }, root.GetProperty("model").GetProperty("input_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        }
        var header = File.ReadLines(Path.Combine(job, "predictions.csv")).First();
        Assert.Equal("level,name,dataset,recording,patient,label_none,label_crackles,label_wheezes,label_both,p_none,p_crackles,p_wheezes,p_both", header);
        Assert.Contains("| truth \\ prediction | none | crackles | wheezes | both | total |", File.ReadAllText(Path.Combine(job, "report.md")));

        var heldOut = CopyIcbhi(tmp, "other", HeldOut, officialList: false);
        var (evalCode, evalOut, evalErr) = await CliArgumentTests.Run(null, "evaluate", "--model", job, "--datasets", "icbhi", "--data-root", heldOut, "--out", runs, "--features", "cpu");
        Assert.True(evalCode == ExitCodes.Success, $"evaluate failed ({evalCode}):\n{evalErr}\n{evalOut}");
        using var evaluated = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "cycles", "evaluate", "001", "report.json")));
        var evalChunk = evaluated.RootElement.GetProperty("val").GetProperty("chunk");
        Assert.Equal(CycleLines(HeldOut), evalChunk.GetProperty("count").GetInt32());
        Assert.Equal(1, evalChunk.GetProperty("confusion")[3].EnumerateArray().Sum(v => v.GetInt32())); // 130_1p3_Ll holds the one "both" cycle
    }

    [SkippableFact]
    public async Task Seeds_train_the_two_class_variant_once_per_seed_and_report_mean_and_sd()
    {
        Skip.If(TestData.Dataset("icbhi") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var data = CopyIcbhi(tmp, "data", Train.Concat(Test.Take(1)), officialList: true);
        var runs = tmp.Combine("runs");
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "cycles", "--datasets", "icbhi", "--data-root", data, "--out", runs, "--seeds", "2",
            "--model", "tiny", "--epochs", "1", "--features", "cpu", "--set", "cycle_classes=2", "--set", "audio_length=1", "--set", "n_mels=16",
            "--set", "bootstrap_resamples=100");
        Assert.True(code == ExitCodes.Success, $"cycles --seeds failed ({code}):\n{stderr}\n{stdout}");
        var parent = Path.Combine(runs, "cycles", "default", "001");
        Assert.True(File.Exists(Path.Combine(parent, "seed_12", "report.json")));
        Assert.True(File.Exists(Path.Combine(parent, "seed_13", "report.json")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(parent, "report.json")));
        var root = report.RootElement;
        Assert.Equal(new long[] { 12, 13 }, root.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("seed").GetInt64()).ToArray());
        var score = root.GetProperty("spread").GetProperty("chunk").GetProperty("icbhi_score");
        var perSeed = root.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("metrics").GetProperty("chunk").GetProperty("icbhi_score").GetDouble()).ToArray();
        Assert.Equal(perSeed.Average(), score.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(2, root.GetProperty("runs")[0].GetProperty("chunk_confusion").GetArrayLength());
        Assert.Contains("Score", stdout);
        Assert.Contains("± ", File.ReadAllText(Path.Combine(parent, "report.md")));
    }
}
