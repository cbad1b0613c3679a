using System.Text.Json;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Runner;

/// <summary><c>predict</c> accounts for every input file, through the real CLI: one row each, a probability or the
/// reason there is none; short recordings predicted from one padded chunk; no hang, no repeat, no stack trace.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class PredictInputTests
{
    private static async Task<(int Code, JsonElement[] Rows, string Err)> Predict(string model, params string[] inputs)
    {
        var run = CliArgumentTests.Run(null, ["predict", "--model", model, "--format", "json", "--features", "cpu", .. inputs]);
        // A FIFO opened for reading blocks until a writer comes: a hang must fail the test, not stall the suite.
        var (code, stdout, stderr) = await run.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        using var doc = JsonDocument.Parse(stdout);
        return (code, doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray(), stderr);
    }

    private static JsonElement Row(JsonElement[] rows, string file) => rows.Single(r => r.GetProperty("file").GetString() == file);

    [Fact]
    public async Task Clinic_recordings_of_five_seconds_each_get_a_probability()
    {
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var files = Enumerable.Range(0, 4).Select(i => HostileFiles.Wav(tmp.Combine("clinic", $"patient{i}.wav"), 5.0, 44100, seed: i)).ToArray();

        var (code, rows, err) = await Predict(model, tmp.Combine("clinic"));

        Assert.True(code == ExitCodes.Success, err);
        Assert.Equal(files.Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("file").GetString()));
        Assert.All(rows, r =>
        {
            Assert.Equal("predicted", r.GetProperty("status").GetString());
            Assert.InRange(r.GetProperty("probabilities").GetProperty("pneumonia").GetDouble(), 0, 1);
            Assert.Equal(1, r.GetProperty("chunks").GetInt32());
            Assert.True(r.GetProperty("padded").GetBoolean());
            Assert.Contains(r.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("padded: 5 s", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Every_hostile_input_gets_exactly_one_row_with_its_reason()
    {
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var dir = tmp.Combine("in");
        Directory.CreateDirectory(dir);
        var ok = HostileFiles.Wav(Path.Combine(dir, "ok.wav"), 12, 8000);
        var upper = HostileFiles.Wav(Path.Combine(dir, "UPPER.WAV"), 5, 4000);
        var tiled = HostileFiles.Wav(Path.Combine(dir, "three_seconds.wav"), 3, 8000);
        var tooShort = HostileFiles.Wav(Path.Combine(dir, "half_second.wav"), 0.5, 8000);
        var allNaN = HostileFiles.NaNWav(Path.Combine(dir, "all_nan.wav"), 3, every: 1);
        var someNaN = HostileFiles.NaNWav(Path.Combine(dir, "some_nan.wav"), 6, every: 100);
        var truncated = HostileFiles.TruncatedWav(Path.Combine(dir, "truncated.wav"), 8);
        var text = Path.Combine(dir, "not_audio.wav");
        File.WriteAllText(text, "this is not a recording");
        var fifo = HostileFiles.Fifo(Path.Combine(dir, "x.wav"));
        var link = Path.Combine(dir, "link.wav");
        File.CreateSymbolicLink(link, ok);
        var dangling = Path.Combine(dir, "dangling.wav");
        File.CreateSymbolicLink(dangling, Path.Combine(dir, "nowhere.wav"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "loop"), dir); // a folder inside itself: must not repeat every file
        var missing = tmp.Combine("no-such.wav");
        var emptyFolder = tmp.Combine("empty");
        Directory.CreateDirectory(emptyFolder);

        var (code, rows, err) = await Predict(model, dir, ok, missing, emptyFolder);

        Assert.Equal(ExitCodes.MissingData, code);
        // One row per path, in command-line order (a folder's files in ordinal order); the loop adds nothing.
        var inFolder = new[] { ok, upper, tiled, tooShort, allNaN, someNaN, truncated, text, fifo, link, dangling }.Order(StringComparer.Ordinal);
        Assert.Equal(inFolder.Concat([ok, missing, emptyFolder]), rows.Select(r => r.GetProperty("file").GetString()!));
        string? Reason(string file) => Row(rows, file).GetProperty("reason").GetString();
        bool Predicted(string file) => Row(rows, file).GetProperty("status").GetString() == "predicted";

        Assert.True(Predicted(upper));
        Assert.True(Predicted(someNaN));
        Assert.True(Predicted(truncated));
        Assert.True(Predicted(tiled));
        Assert.Contains(Row(rows, tiled).GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("tiled"));
        Assert.Equal(2, rows.Count(r => r.GetProperty("file").GetString() == ok));
        Assert.Single(rows, r => r.GetProperty("file").GetString() == ok && r.GetProperty("status").GetString() == "predicted");
        Assert.Contains("the same file as", rows.Single(r => r.GetProperty("file").GetString() == ok && r.GetProperty("status").GetString() == "skipped")
            .GetProperty("reason").GetString());
        Assert.Contains($"the same file as {ok}", Reason(link));
        Assert.Contains("too short: 0.5 s; the minimum is 1 s", Reason(tooShort));
        Assert.Contains("NaN or infinite", Reason(allNaN));
        Assert.Contains("not a RIFF", Reason(text));
        Assert.Contains("FIFO", Reason(fifo));
        Assert.Contains("symbolic link to nothing", Reason(dangling));
        Assert.Contains("no such file", Reason(missing));
        Assert.Contains("no .wav file", Reason(emptyFolder));
        // What the reader tolerated is on the row and on the console.
        Assert.Contains(Row(rows, someNaN).GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("non-finite"));
        Assert.Contains(Row(rows, truncated).GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("truncated recording"));
        Assert.Contains($"warning: {truncated}: data chunk declares", err);
        Assert.Contains($"warning: {someNaN}: replaced", err);
    }

    [Fact]
    public async Task A_one_score_model_says_yes_or_no_at_the_threshold_its_job_chose_else_at_one_half()
    {
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var wav = HostileFiles.Wav(tmp.Combine("in", "a.wav"), 5.0, 8000, seed: 3);

        var (code, rows, err) = await Predict(model, wav);
        Assert.True(code == ExitCodes.Success, err);
        Assert.Contains("positive: pneumonia probability ≥ 0.5 (no report.json beside the model", err);
        var p = rows[0].GetProperty("probabilities").GetProperty("pneumonia").GetDouble();
        Assert.Equal(p >= 0.5, rows[0].GetProperty("positive").GetBoolean());

        // a job's report.json: its threshold decides, just above and just below this recording's probability
        var report = Path.Combine(model, "report.json");
        foreach (var (threshold, positive) in new[] { (p + 1e-4, false), (p - 1e-4, true) })
        {
            File.WriteAllText(report, $"{{\"threshold\": {{\"value\": {threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}}}");
            var (_, at, atErr) = await Predict(model, wav);
            Assert.Contains("chosen on validation", atErr);
            Assert.Equal(positive, at[0].GetProperty("positive").GetBoolean());
        }
    }

    [Fact]
    public async Task One_unreadable_file_is_a_row_and_exit_code_2()
    {
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var bad = tmp.Combine("bad.wav");
        File.WriteAllBytes(bad, [0x52, 0x49, 0x46, 0x46, 1, 2, 3]);

        var (code, rows, err) = await Predict(model, bad);

        Assert.Equal(ExitCodes.MissingData, code);
        var row = Assert.Single(rows);
        Assert.Equal("skipped", row.GetProperty("status").GetString());
        Assert.StartsWith("unreadable: ", row.GetProperty("reason").GetString());
        Assert.Contains("1 of 1 input(s) have no probability", err);
    }

    [Fact]
    public async Task The_minimum_length_is_a_parameter()
    {
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var half = HostileFiles.Wav(tmp.Combine("half.wav"), 0.5, 8000);

        var (code, rows, err) = await Predict(model, "--min-length", "0.25", half);
        Assert.True(code == ExitCodes.Success, err);
        Assert.Contains("tiled", Assert.Single(rows).GetProperty("notes")[0].GetString());

        var (refused, _, refusal) = await CliArgumentTests.Run(null, "predict", "--model", model, "--min-length", "abc", half);
        Assert.Equal(ExitCodes.BadArguments, refused);
        Assert.Contains("min_recording_length: expected a number", refusal);
    }

    [SkippableFact]
    public async Task Ilgpu_without_a_gpu_says_so_loudly_and_auto_never_picks_its_cpu_accelerator()
    {
        Skip.If(DataflowLung.Kernels.Gpu.IlgpuFeatureBackend.CudaAvailable(), "a CUDA GPU is present: ILGPU runs on it");
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var wav = HostileFiles.Wav(tmp.Combine("a.wav"), 10, 8000);

        var (code, _, err) = await CliArgumentTests.Run(null, "predict", "--model", model, "--features", "ilgpu", wav);
        Assert.True(code == ExitCodes.Success, err);
        Assert.Contains("WARNING: features: no GPU found, so --features ilgpu runs on ILGPU's CPU accelerator, which is very slow", err);

        var (autoCode, _, autoErr) = await CliArgumentTests.Run(null, "predict", "--model", model, "--features", "auto", wav);
        Assert.True(autoCode == ExitCodes.Success, autoErr);
        Assert.DoesNotContain("CPU accelerator", autoErr);
        using var auto = DataflowLung.Kernels.FeatureBackends.Create(DataflowLung.Kernels.FeatureBackendKind.Auto, DataflowLung.Kernels.FeatureParams.Default, 80_000);
        Assert.NotEqual("ilgpu-cpu", auto.Name);
    }

    [SkippableFact]
    public async Task Real_short_jordan_recordings_get_a_probability()
    {
        var jordan = TestData.Dataset("jordan");
        Skip.If(jordan is null, TestData.SkipReason);
        // Recordings shorter than one 10 s window: the original's chunking gives 5 s ones no chunk at all.
        var shortOnes = Directory.EnumerateFiles(jordan!, "*.wav").Order(StringComparer.Ordinal)
            .Where(f => WavReader.Probe(f).Match(i => i.DurationSeconds < 10, _ => false)).Take(4).ToArray();
        Skip.If(shortOnes.Length == 0, "no Jordan recording shorter than 10 s here");
        using var tmp = new TempFolder();
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));

        var (code, rows, err) = await Predict(model, shortOnes);

        Assert.True(code == ExitCodes.Success, err);
        Assert.Equal(shortOnes.Length, rows.Length);
        Assert.All(rows, r => Assert.True(r.GetProperty("padded").GetBoolean()));
    }
}
