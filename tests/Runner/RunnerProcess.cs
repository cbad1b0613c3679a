using System.Diagnostics;
using System.Globalization;

namespace DataflowLung.Tests.Runner;

/// <summary>The runner as its own process (the build copies runner.dll beside the tests): what a shell does to its
/// standard output (closed, a full device) and POSIX signals can only be tested on a real process.</summary>
public static class RunnerProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "runner.dll");

    static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Runs <c>runner ARGS REDIRECT</c> through <c>/bin/sh</c> (e.g. <c>&gt;&amp;-</c>, <c>&gt; /dev/full</c>); its stderr.</summary>
    public static async Task<(int Code, string Err)> WithStdout(string redirect, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec \"$0\" \"$@\" {redirect}");
        start.ArgumentList.Add(Dotnet);
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (p.ExitCode, await err);
    }

    /// <summary>Starts the runner, sends SIGTERM as soon as a line of its output contains <paramref name="marker"/>,
    /// and waits for it to end: its exit code, its output, and whether the signal was sent.</summary>
    public static async Task<(int Code, string Out, string Err, bool Signalled)> TerminateAt(string marker, params string[] args)
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var child = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains(marker, StringComparison.Ordinal)) seen.TrySetResult();
        };
        child.BeginOutputReadLine();
        var err = child.StandardError.ReadToEndAsync();
        var exited = child.WaitForExitAsync();
        var signalled = false;
        if (await Task.WhenAny(seen.Task, exited, Task.Delay(TimeSpan.FromMinutes(3))) == seen.Task && !child.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
            signalled = kill.ExitCode == 0;
        }
        await exited.WaitAsync(TimeSpan.FromMinutes(3));
        child.WaitForExit(); // the output's last lines
        var stderr = await err;
        lock (output) return (child.ExitCode, output.ToString(), stderr, signalled);
    }
}
