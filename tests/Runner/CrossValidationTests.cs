using DataflowLung.Tests.Support;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Cross-validation end to end on a tiny synthetic corpus with the tiny model: the in-process <c>--cv</c> run,
/// then the same folds as separate processes running at once into one shared folder (as a Slurm array or a Kubernetes
/// Indexed Job runs them) and <c>runner aggregate</c>: the same report, the same out-of-fold predictions. Then what
/// aggregate refuses, and what <c>datasets --cv</c> and a scheduler index without a shared folder do.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class CrossValidationTests
{
    [Fact]
    public async Task Folds_as_separate_processes_then_aggregate_give_the_in_process_report()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 4, JordanPatients: 4, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: 11));
        string[] job = ["pneumonia", "--data-root", corpus, "--model", "tiny", "--epochs", "1", "--features", "cpu", "--cv", "2",
            "--set", "bootstrap_resamples=200"];

        // The same folds as two processes at once, sharing only the folder (started now, checked below).
        var shared = tmp.Combine("shared", "cv");
        var runs = new[] { 0, 1 }.Select(i => RunProcess([.. job, "--out", tmp.Combine("shared"), "--fold", $"{i}", "--cv-dir", shared])).ToArray();

        // Without the persistent cache (which the fold processes are filling meanwhile), so the count below is this run's decodes.
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, [.. job, "--no-cache", "--out", tmp.Combine("inprocess")]);
        Assert.True(code == ExitCodes.Success, $"--cv failed ({code}):\n{stderr}\n{stdout}");
        var inProcess = tmp.Combine("inprocess", "pneumonia", "default", "001");
        foreach (var file in new[] { "params.json", "folds.json", "log.txt", "report.json", "report.md", "predictions.csv", "predictions_folds.csv", "plots/roc.png", "plots/calibration.png" })
            Assert.True(File.Exists(Path.Combine(inProcess, file)), $"{file} missing");
        foreach (var fold in new[] { "fold_0", "fold_1" })
            foreach (var file in new[] { "params.json", "split.json", "report.json", "model.pt", "predictions.csv" })
                Assert.True(File.Exists(Path.Combine(inProcess, fold, file)), $"{fold}/{file} missing");

        // The parent report: every patient out of fold, pooled metrics with intervals and what they rest on, per-fold spread.
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(inProcess, "report.json"))))
        {
            var root = report.RootElement;
            Assert.Equal("cross-validation", root.GetProperty("kind").GetString());
            Assert.Equal(8, root.GetProperty("patients").GetArrayLength());
            var patient = root.GetProperty("out_of_fold").GetProperty("patient");
            Assert.Equal(8, patient.GetProperty("count").GetInt32());
            Assert.Equal(4, patient.GetProperty("support").GetProperty("positive").GetInt32());
            var auc = patient.GetProperty("intervals").GetProperty("auc");
            Assert.Equal(patient.GetProperty("auc").GetDouble(), auc.GetProperty("value").GetDouble());
            Assert.Equal(8, auc.GetProperty("clusters").GetInt32());
            Assert.Equal(2, root.GetProperty("per_fold").GetProperty("patient").GetProperty("accuracy").GetProperty("total").GetInt32());
            var folds = root.GetProperty("folds").EnumerateArray().ToArray();
            Assert.Equal(8, folds.Sum(f => f.GetProperty("validation_patients").GetArrayLength()));
            Assert.True(root.GetProperty("scheme").GetProperty("stratified").GetBoolean()); // 4 positive, 4 negative ≥ 2 folds
            Assert.Equal(0, root.GetProperty("unscored").GetArrayLength());
        }
        // Decoded once per run: the folds share the signal cache, so every recording is decoded exactly once.
        Assert.Contains($"decoded-signal cache shared by the 2 fold(s) run here: {info.Recordings.Count} recording decode(s)",
            File.ReadAllText(Path.Combine(inProcess, "log.txt")));
        var md = File.ReadAllText(Path.Combine(inProcess, "report.md"));
        Assert.Contains("## Out-of-fold", md);
        Assert.Contains("## Per fold (mean ± sd", md);
        Assert.Matches(@"\| patient \| 8 \(4 / 4\) \|", md);

        foreach (var (exit, output) in await Task.WhenAll(runs))
            Assert.True(exit == ExitCodes.Success, $"fold process failed ({exit}):\n{output}");
        var (aggregated, aggregateOut, aggregateErr) = await CliArgumentTests.Run(null, "aggregate", shared);
        Assert.True(aggregated == ExitCodes.Success, $"aggregate failed ({aggregated}):\n{aggregateErr}\n{aggregateOut}");
        Assert.Equal(Comparable(Path.Combine(inProcess, "report.json")), Comparable(Path.Combine(shared, "report.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(inProcess, "predictions.csv")), File.ReadAllText(Path.Combine(shared, "predictions.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(inProcess, "folds.json")), File.ReadAllText(Path.Combine(shared, "folds.json")));

        // What aggregate refuses, each fold named.
        Directory.Move(Path.Combine(shared, "fold_1"), Path.Combine(shared, "set-aside"));
        File.WriteAllText(Path.Combine(shared, "fold_0", "params.json"),
            File.ReadAllText(Path.Combine(shared, "fold_0", "params.json")).Replace("\"lr\": 0.001", "\"lr\": 0.01"));
        var (refused, _, refusal) = await CliArgumentTests.Run(null, "aggregate", shared);
        Assert.Equal(ExitCodes.MissingData, refused);
        Assert.Contains("fold 1 (fold_1): missing", refusal);
        Assert.Contains("fold 0 (fold_0): parameters differ from the folder's params.json: lr 0.001 → 0.01", refusal);
        File.Copy(Path.Combine(inProcess, "fold_0", "params.json"), Path.Combine(shared, "fold_0", "params.json"), overwrite: true);
        Directory.Move(Path.Combine(shared, "set-aside"), Path.Combine(shared, "fold_1"));
        var split = Path.Combine(shared, "fold_1", "split.json");
        var splitText = File.ReadAllText(split);
        var record = JsonNode.Parse(splitText)!;
        record["fingerprint"] = new string('0', 64);
        File.WriteAllText(split, record.ToJsonString());
        (refused, _, refusal) = await CliArgumentTests.Run(null, "aggregate", shared);
        Assert.Equal(ExitCodes.MissingData, refused);
        // split.json's own fingerprint is recomputed when it is read (issue 23), before the plan's is compared.
        Assert.Contains("fold 1 (fold_1): ", refusal);
        Assert.Contains("its fingerprint 000000000000 does not match its recordings", refusal);
        Assert.DoesNotContain("fold 0 (fold_0)", refusal);
        File.WriteAllText(split, splitText);

        // A fold's predictions.csv cut short, then damaged (issue 23: aggregate used to pool fewer patients, or crash).
        var predictions = Path.Combine(shared, "fold_0", "predictions.csv");
        var predictionLines = File.ReadAllLines(predictions);
        File.WriteAllLines(predictions, predictionLines.Take(2));
        (refused, _, refusal) = await CliArgumentTests.Run(null, "aggregate", shared);
        Assert.Equal(ExitCodes.MissingData, refused);
        Assert.Contains("fold 0 (fold_0): predictions.csv has no rows for", refusal);
        File.WriteAllLines(predictions, [.. predictionLines, "chunk,x#0,icbhi"]);
        (refused, _, refusal) = await CliArgumentTests.Run(null, "aggregate", shared);
        Assert.Equal(ExitCodes.MissingData, refused);
        Assert.Contains($"fold 0 (fold_0): {predictions}:{predictionLines.Length + 1}: 3 cells", refusal);
        Assert.DoesNotContain("   at ", refusal);
        File.WriteAllLines(predictions, predictionLines);
        (aggregated, aggregateOut, aggregateErr) = await CliArgumentTests.Run(null, "aggregate", shared);
        Assert.True(aggregated == ExitCodes.Success, $"aggregate of the restored folds failed ({aggregated}):\n{aggregateErr}\n{aggregateOut}");

        // `datasets --cv` shows the folds a run would use.
        var (listed, listing, _) = await CliArgumentTests.Run(null, "datasets", "--data-root", corpus, "--cv", "2");
        Assert.Equal(ExitCodes.Success, listed);
        using var folds2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(inProcess, "folds.json")));
        foreach (var fold in folds2.RootElement.GetProperty("fold_list").EnumerateArray())
            foreach (var p in fold.GetProperty("validation").EnumerateArray())
                Assert.Contains(p.GetProperty("key").GetString()!, listing);
        Assert.Contains("2-fold cross-validation by patient over 8 patients (4 positive, 4 negative), stratified by patient label", listing);
    }

    [Fact]
    public async Task A_stopped_cross_validation_leaves_a_resumable_fold_and_resume_finishes_it()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 3, JordanPatients: 3, PneumoniaFraction: 0.5,
            IcbhiRecordingsPerPatient: 1, MinSeconds: 10, MaxSeconds: 10));
        var runs = tmp.Combine("runs");
        var parent = Path.Combine(runs, "pneumonia", "default", "001");
        var metrics = Path.Combine(parent, "fold_0", "metrics.csv");
        using var cts = new CancellationTokenSource();
        var ctx = new CliContext(new StringWriter(), new StringWriter(), Live: false, _ => null);
        var run = Task.Run(() => Cli.RunAsync(["pneumonia", "--data-root", corpus, "--out", runs, "--model", "tiny", "--epochs", "3", "--features", "cpu",
            "--cv", "2", "--set", "bootstrap_resamples=100"], ctx, cts.Token));
        while (!run.IsCompleted && !(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2))
            await Task.Delay(100);
        await cts.CancelAsync(); // what Ctrl+C (and a scheduler's SIGTERM) does
        Assert.Equal(ExitCodes.Cancelled, await run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.False(File.Exists(Path.Combine(parent, "report.json")));
        Assert.False(Directory.Exists(Path.Combine(parent, "fold_1")));
        Assert.True(File.Exists(Path.Combine(parent, "fold_0", "checkpoints", "last", "model.json")));

        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", parent);
        Assert.True(code == ExitCodes.Success, $"resume failed ({code}):\n{stderr}\n{stdout}");
        Assert.Contains("fold 0: resuming after epoch", stdout);
        Assert.Equal(new double[] { 1, 2, 3 }, DataflowLung.Experiments.Jobs.MetricsCsv.Read(metrics).Select(r => r["epoch"]));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(parent, "report.json")));
        Assert.Equal(2, report.RootElement.GetProperty("folds").GetArrayLength());
        Assert.All(report.RootElement.GetProperty("folds").EnumerateArray(), f => Assert.Equal("completed", f.GetProperty("outcome").GetString()));

        // Run again: every fold is finished, so nothing trains; the report is rebuilt the same.
        var before = Comparable(Path.Combine(parent, "report.json"));
        (code, stdout, _) = await CliArgumentTests.Run(null, "pneumonia", "--resume", parent);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("fold 1: already finished (completed)", stdout);
        Assert.Equal(before, Comparable(Path.Combine(parent, "report.json")));
    }

    [Fact]
    public async Task A_scheduler_index_needs_a_shared_folder_and_a_valid_index()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 3, JordanPatients: 3, MinSeconds: 10, MaxSeconds: 10));
        string[] job = ["pneumonia", "--data-root", corpus, "--model", "tiny", "--cv", "3", "--out", tmp.Combine("runs")];
        var (code, _, err) = await CliArgumentTests.Run(new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1" }, job);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("SLURM_ARRAY_TASK_ID=1 selects fold 1", err);
        Assert.Contains("--cv-dir", err);
        (code, _, err) = await CliArgumentTests.Run(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "3" }, [.. job, "--cv-dir", tmp.Combine("cv")]);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("JOB_COMPLETION_INDEX=3 is not a fold index 0..2", err);
        (code, _, err) = await CliArgumentTests.Run(null, "pneumonia", "--data-root", corpus, "--cv-dir", tmp.Combine("cv"));
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("--cv-dir needs --cv K", err);
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    /// <summary>report.json without what differs between two runs of the same folds: paths and clocks.</summary>
    private static string Comparable(string reportJson)
    {
        var root = JsonNode.Parse(File.ReadAllText(reportJson))!.AsObject();
        foreach (var key in new[] { "job_directory", "started", "finished", "fold_seconds" }) root.Remove(key);
        foreach (var fold in root["folds"]!.AsArray()) fold!.AsObject().Remove("seconds");
        return root.ToJsonString();
    }

    /// <summary>The runner as its own process (the build copies runner.dll beside the tests).</summary>
    private static async Task<(int Exit, string Output)> RunProcess(string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "runner.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX" }) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
