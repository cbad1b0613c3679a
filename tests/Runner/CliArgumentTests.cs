using DataflowLung.Runner.Cli;
using DataflowLung.Runner.Progress;

namespace DataflowLung.Tests.Runner;

/// <summary>Bad command lines through the real entry point: a clear message on stderr and a non-zero exit.</summary>
public sealed class CliArgumentTests
{
    internal static async Task<(int Code, string Out, string Err)> Run(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, Live: false, name => env is not null && env.TryGetValue(name, out var v) ? v : null);
        var code = await Cli.RunAsync(args, ctx, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string> DataIn(TempFolder tmp, params string[] datasets)
    {
        foreach (var d in datasets) Directory.CreateDirectory(tmp.Combine("data", d));
        return new Dictionary<string, string> { ["DATAFLOWLUNG_DATA"] = tmp.Combine("data") };
    }

    [Fact]
    public async Task An_unknown_dataset_is_named_with_the_known_ones()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = await Run(DataIn(tmp, "icbhi"), "pneumonia", "--datasets", "icbhi,icbhii", "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("unknown dataset \"icbhii\"", err);
        Assert.Contains("icbhi, jordan", err);
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    [Fact]
    public async Task An_unknown_monitor_is_refused_with_the_valid_names()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = await Run(DataIn(tmp, "icbhi", "jordan"), "cw", "--monitor", "patient_acc", "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("monitor \"patient_acc\" is not a cw metric", err);
        Assert.Contains("icbhi_score", err);
        Assert.Contains("val_loss", err);
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    [Fact]
    public async Task Resume_needs_a_job_folder()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = await Run(null, "pneumonia", "--resume", tmp.Combine("nowhere"));
        Assert.Equal(ExitCodes.MissingData, code);
        Assert.Contains("params.json not found", err);
    }

    [Fact]
    public void The_runner_runs_with_the_memory_conserving_gc_setting()
    {
        // The setting must reach runner.runtimeconfig.json, where the host reads it.
        var config = Path.ChangeExtension(typeof(Cli).Assembly.Location, ".runtimeconfig.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        Assert.Equal(7, doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.ConserveMemory").GetInt32());
    }

    [Fact]
    public async Task Negative_epochs_are_refused()
    {
        var (code, _, err) = await Run(null, "cw", "--epochs", "-3");
        Assert.NotEqual(0, code);
        Assert.Contains("epochs must be positive (got -3)", err);
    }

    [Fact]
    public async Task An_unknown_model_is_named_with_the_known_ones()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = await Run(DataIn(tmp, "icbhi", "jordan"), "pneumonia", "--model", "resnet", "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("unknown model 'resnet'", err);
        Assert.Contains("mixednet", err);
        Assert.False(Directory.Exists(tmp.Combine("runs")));
    }

    [Fact]
    public async Task A_missing_data_root_says_where_it_looked_and_how_it_must_look()
    {
        using var tmp = new TempFolder();
        var missing = tmp.Combine("no-such-root");
        var (code, _, err) = await Run(null, "pneumonia", "--data-root", missing, "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.MissingData, code);
        Assert.Contains(missing, err);
        Assert.Contains("--data-root", err);
        Assert.Contains("one folder per dataset", err);
    }

    [Fact]
    public async Task A_missing_dataset_folder_describes_the_expected_layout()
    {
        using var tmp = new TempFolder();
        var (code, _, err) = await Run(DataIn(tmp, "icbhi"), "pneumonia", "--datasets", "icbhi,jordan", "--out", tmp.Combine("runs"));
        Assert.Equal(ExitCodes.MissingData, code);
        Assert.Contains(tmp.Combine("data", "jordan"), err);
        Assert.Contains("DATAFLOWLUNG_DATA", err);
        Assert.Contains("<B|D|E>P<patient>", err);
    }

    [Fact]
    public async Task Unknown_options_and_commands_fail_with_a_message()
    {
        var (code, _, err) = await Run(null, "pneumonia", "--epochz", "3");
        Assert.NotEqual(0, code);
        Assert.Contains("--epochz", err);
        var (code2, _, err2) = await Run(null, "pneumonia", "--features", "gpu");
        Assert.NotEqual(0, code2);
        Assert.Contains("gpu", err2);
    }

    [Fact]
    public void Live_display_only_on_an_interactive_terminal_outside_ci()
    {
        Assert.True(JobConsole.ShouldUseLiveDisplay(true, false, _ => null));
        Assert.False(JobConsole.ShouldUseLiveDisplay(true, true, _ => null));
        Assert.False(JobConsole.ShouldUseLiveDisplay(false, false, _ => null));
        Assert.False(JobConsole.ShouldUseLiveDisplay(true, false, n => n == "CI" ? "true" : null));
    }
}
