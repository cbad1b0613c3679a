using DataflowLung.Model.Training;

namespace DataflowLung.Tests.Model;

/// <summary>Which variables a process is started again with (<see cref="ProcessSettings"/>), and which runner
/// commands count as jobs.</summary>
public sealed class ProcessSettingsTests
{
    static Func<string, string?> Env(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void A_job_started_bare_wants_the_jit_setting_and_on_glibc_the_arena_limit()
    {
        var wanted = ProcessSettings.Wanted(longRunning: true, Env());
        Assert.Contains(("DOTNET_TieredCompilation", "0"), wanted);
        Assert.Contains(("OMP_WAIT_POLICY", "PASSIVE"), wanted);
        Assert.Equal(NativeHeap.Environment.Count + 2, wanted.Count);
    }

    [Fact]
    public void A_short_command_never_wants_the_jit_setting()
    {
        var wanted = ProcessSettings.Wanted(longRunning: false, Env());
        Assert.DoesNotContain(wanted, v => v.Name == "DOTNET_TieredCompilation");
        Assert.DoesNotContain(wanted, v => v.Name == "OMP_WAIT_POLICY");
        Assert.Equal(NativeHeap.Environment.Count, wanted.Count);
    }

    [Fact]
    public void A_users_own_values_are_kept_so_nothing_is_wanted_and_there_is_no_restart()
    {
        // Whatever the user chose (even tiering on, more arenas, spinning workers) is not overridden.
        var env = Env(("DOTNET_TieredCompilation", "1"), (NativeHeap.ArenaVariable, "4"), ("OMP_WAIT_POLICY", "ACTIVE"));
        Assert.Empty(ProcessSettings.Wanted(longRunning: true, env));
        Assert.Empty(ProcessSettings.Wanted(longRunning: false, env));
        // One kept, the others still wanted: each variable on its own.
        Assert.Equal([("OMP_WAIT_POLICY", "PASSIVE")], ProcessSettings.Wanted(longRunning: true,
            Env(("DOTNET_TieredCompilation", "1"), (NativeHeap.ArenaVariable, "4"))));
    }

    [Fact]
    public void After_the_restart_nothing_is_missing()
    {
        var first = ProcessSettings.Wanted(longRunning: true, Env());
        Assert.Empty(ProcessSettings.Wanted(longRunning: true, Env([.. first])));
    }

    [Theory]
    [InlineData("pneumonia", true)]
    [InlineData("cw", true)]
    [InlineData("cycles", true)]
    [InlineData("evaluate", true)]
    [InlineData("predict", true)]
    [InlineData("report", true)]
    [InlineData("demo", true)]
    [InlineData("datasets", false)]
    [InlineData("parameters", false)]
    [InlineData("export", false)]
    [InlineData("--help", false)]
    public void Jobs_are_the_tasks_and_the_commands_that_run_a_model_over_recordings(string command, bool job)
    {
        Assert.Equal(job, DataflowLung.Runner.Cli.Cli.RunsJob([command, "--data-root", "x"]));
        Assert.False(DataflowLung.Runner.Cli.Cli.RunsJob([]));
    }
}
