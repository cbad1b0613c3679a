using System.Runtime.InteropServices;
using DataflowLung.Runner.Cli;
using DataflowLung.Runner.Progress;

namespace DataflowLung.Runner;

public static class Program
{
    /// <summary>How long a clean stop after SIGTERM may take (the rest of a step, the report) before the process ends.</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> Main(string[] args)
    {
        // Before anything allocates: one malloc arena, freed activations kept for the next step, and for a job the JIT
        // optimising once (ProcessSettings, NativeHeap say why).
        bool runsJob = Cli.Cli.RunsJob(args);
        Model.Training.ProcessSettings.Configure(longRunning: runsJob);
        // A job's one-off start-up costs (LanguageExt's reflection scan, loading libtorch) on the idle core meanwhile.
        if (runsJob) _ = Experiments.Jobs.StartupWarmUp.Process();
        using var cts = new CancellationTokenSource();
        // First Ctrl+C asks the job to stop cleanly (it still writes what it has); a second one kills.
        Console.CancelKeyPress += (_, e) =>
        {
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine("stopping after the current step (Ctrl+C again to abort)...");
            cts.Cancel();
        };
        // SIGTERM (kill, a scheduler, a container stop) stops the same clean way, so the job still writes its
        // report; a second SIGTERM, or the sender's SIGKILL after its grace period, ends the process at once.
        var terminated = false;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            if (cts.IsCancellationRequested) return;
            context.Cancel = true;
            terminated = true;
            Console.Error.WriteLine("SIGTERM: stopping after the current step (send it again to abort)...");
            cts.Cancel();
            // A phase that cannot see the token (a blocking read, a long native call) must not swallow the signal:
            // after the grace period the process ends anyway, as a second SIGTERM would end it.
            _ = Task.Delay(TerminationGrace).ContinueWith(_ =>
            {
                try { Console.Error.WriteLine($"SIGTERM: not stopped within {TerminationGrace.TotalSeconds:0} s; exiting"); }
                catch (IOException) { /* stderr gone too */ }
                Environment.Exit(ExitCodes.Terminated);
            }, TaskScheduler.Default);
        });
        var live = JobConsole.ShouldUseLiveDisplay(writerIsConsole: true, Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
        // Redirected output (a file, a pipe, a closed or full stdout) is named in its failures; a live terminal keeps
        // Console.Out itself, which Spectre recognises for its width and colours.
        var stdout = live ? Console.Out : new StandardOutput(Console.Out);
        var ctx = new CliContext(stdout, Console.Error, live, Environment.GetEnvironmentVariable);
        var code = await Cli.Cli.RunAsync(args, ctx, cts.Token);
        return code == ExitCodes.Cancelled && terminated ? ExitCodes.Terminated : code;
    }
}
