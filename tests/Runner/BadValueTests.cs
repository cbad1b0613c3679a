using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Cli;
using DataflowLung.Runner.Cli.Commands;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Runner.Progress;

namespace DataflowLung.Tests.Runner;

/// <summary>Bad values and paths through the real CLI: one clear line, exit 1, nothing created — never a parser
/// exception, an abort or a job folder left empty.</summary>
public sealed class BadValueTests
{
    private static Dictionary<string, string> DataIn(TempFolder tmp)
    {
        foreach (var d in new[] { "icbhi", "jordan" }) Directory.CreateDirectory(tmp.Combine("data", d));
        return new Dictionary<string, string> { ["DATAFLOWLUNG_DATA"] = tmp.Combine("data") };
    }

    private static void AssertOneCleanLine(string err)
    {
        Assert.DoesNotContain("Unhandled", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("option epochs: expected an integer, got \"abc\"", "--epochs", "abc")]
    [InlineData("option epochs: expected an integer from -2147483648 to 2147483647, got 99999999999", "--epochs", "99999999999")]
    [InlineData("option batch_size: expected an integer, got \"abc\"", "--batch-size", "abc")]
    [InlineData("option lr: expected a number, got \"abc\"", "--lr", "abc")]
    [InlineData("option lr: 1e400 is not a finite number", "--lr", "1e400")]
    [InlineData("option lr: 1e400 is not a finite number", "--set", "lr=1e400")]
    [InlineData("option lr: expected a finite number, got \"NaN\"", "--set", "lr=NaN")]
    [InlineData("option weight_decay: expected a finite number, got \"Infinity\"", "--set", "weight_decay=Infinity")]
    [InlineData("option epochs: expected an integer, got \"abc\"", "--set", "epochs=abc")]
    [InlineData("option seed: expected an integer from -9223372036854775808", "--seed", "99999999999999999999")]
    [InlineData("epochs must be positive (got -3)", "--epochs", "-3")]
    public async Task A_bad_number_is_one_line_and_exit_1(string expected, string option, string value)
    {
        using var tmp = new TempFolder();
        var (code, _, err) = await CliArgumentTests.Run(DataIn(tmp), "pneumonia", option, value, "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains(expected, err);
        AssertOneCleanLine(err);
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    [Fact]
    public async Task Non_finite_and_out_of_range_numbers_in_a_config_file_are_named_with_the_file()
    {
        using var tmp = new TempFolder();
        var config = tmp.Combine("job.json");
        File.WriteAllText(config, """{ "lr": 1e400, "epochs": 99999999999, "mixup": [{ "label_one": 0, "label_two": 1, "quantity": 1e999 }] }""");
        var (code, _, err) = await CliArgumentTests.Run(DataIn(tmp), "pneumonia", "--config", config, "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains($"config {config}: key \"lr\": 1e400 is not a finite number", err);
        Assert.Contains($"config {config}: key \"epochs\": expected an integer from", err);
        Assert.Contains($"config {config}: key \"mixup\": 1e999 is not a finite number", err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    [Fact]
    public async Task Bad_output_and_data_paths_are_refused_before_anything_is_created()
    {
        using var tmp = new TempFolder();
        var env = DataIn(tmp);
        var file = tmp.Combine("a-file");
        File.WriteAllText(file, "not a folder");
        var cases = new (string[] Args, string Expected)[]
        {
            (["--out", ""], "--out is empty"),
            (["--out", file], $"--out {file} is a file, not a folder"),
            (["--out", Path.Combine(file, "runs")], $"{file} is a file, not a folder"),
            (["--data-root", ""], "the data root is empty (taken from --data-root)"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, err) = await CliArgumentTests.Run(env, ["pneumonia", "--model", "tiny", .. args]);
            Assert.True(code == ExitCodes.BadArguments, $"{string.Join(" ", args)}: exit {code}\n{err}");
            Assert.Contains(expected, err);
            AssertOneCleanLine(err);
        }
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [SkippableFact]
    public async Task An_unwritable_output_folder_is_refused()
    {
        // Root writes through permission bits, so use a place no one can write: /proc (Linux).
        Skip.IfNot(OperatingSystem.IsLinux() && Directory.Exists("/proc/self"), "needs Linux /proc");
        using var tmp = new TempFolder();
        var (code, _, err) = await CliArgumentTests.Run(DataIn(tmp), "pneumonia", "--out", "/proc/self/runs");
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("--out /proc/self/runs is not writable", err);
        AssertOneCleanLine(err);
    }

    [Fact]
    public async Task A_stray_file_named_like_a_job_id_is_skipped()
    {
        using var tmp = new TempFolder();
        var env = DataIn(tmp); // dataset folders without recordings: the job starts, then stops on "no recordings"
        var group = tmp.Combine("runs", "pneumonia", "default");
        Directory.CreateDirectory(group);
        File.WriteAllText(Path.Combine(group, "001"), "stray");

        var (code, _, err) = await CliArgumentTests.Run(env, "pneumonia", "--out", tmp.Combine("runs"), "--model", "tiny");

        Assert.Equal(ExitCodes.MissingData, code);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal("stray", File.ReadAllText(Path.Combine(group, "001")));
        Assert.True(File.Exists(Path.Combine(group, "002", "log.txt")));
        Assert.Contains("no recordings", File.ReadAllText(Path.Combine(group, "002", "log.txt")));
    }

    [Fact]
    public async Task A_job_folder_that_cannot_be_written_is_removed_again()
    {
        using var tmp = new TempFolder();
        var started = JobFolder.Start(tmp.Combine("runs", "pneumonia", "default"));
        Assert.True(started.IsSucc);
        var (folder, jobLock) = ((JobFolder, JobLock))started;
        using (jobLock)
        {
            Directory.CreateDirectory(folder.Log); // log.txt cannot be created: the start fails
            var err = new StringWriter();
            using var log = new JobLog(_ => { }, error: err.WriteLine);
            var p = JobParameters.Defaults(TaskRegistry.Pneumonia) with { Paths = new JobPaths(tmp.Combine("data"), tmp.Combine("runs"), default) };
            var outcome = await Training.InFolderAsync(new JobContext(p, new DataRoot(tmp.Combine("data"), "test"), folder, log, JobConsole.Create(TextWriter.Null, false), CancellationToken.None));
            Assert.IsType<JobOutcome.Failed>(outcome);
            Assert.Equal(ExitCodes.Failed, OutcomeExit.Of(outcome, TextWriter.Null));
            Assert.Contains("cannot write the job folder", err.ToString());
        }
        Assert.False(Directory.Exists(folder.Directory));
    }

    [Fact]
    public async Task Empty_model_resume_and_input_paths_are_messages()
    {
        var (model, _, modelErr) = await CliArgumentTests.Run(null, "predict", "--model", "", "x.wav");
        Assert.Equal(ExitCodes.BadArguments, model);
        Assert.Contains("--model is empty", modelErr);
        var (resume, _, resumeErr) = await CliArgumentTests.Run(null, "pneumonia", "--resume", "");
        Assert.Equal(ExitCodes.BadArguments, resume);
        Assert.Contains("--resume is empty", resumeErr);
    }
}
