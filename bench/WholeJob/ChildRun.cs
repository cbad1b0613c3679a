using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DataflowLung.Bench.WholeJob;

/// <summary>A child process run to its end with its wall time and peak resident memory. The peak comes from
/// <c>getrusage(RUSAGE_CHILDREN)</c> (the largest ru_maxrss among the waited-for children and their descendants), read
/// right after the child exits, so run the children one after another and take each one's peak before starting the
/// next (a later smaller child does not lower it, a larger one raises it). Linux only, as the bench's other numbers.</summary>
/// CPU seconds (user + system, the child and the descendants it waited for) are the difference of the same counter
/// around the run: on a loaded machine they say how much work each side did when wall times mostly say how busy the
/// neighbours were.
public sealed record ChildRun(int ExitCode, double WallSeconds, double CpuSeconds, double PeakRssMb, string LastStdoutLine)
{
    /// <param name="unset">Environment variables the child must not inherit.</param>
    public static ChildRun Start(string file, IEnumerable<string> arguments, string workingDirectory, Action<string> onLine, IEnumerable<string>? unset = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var name in unset ?? []) info.Environment.Remove(name);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        double cpuBefore = ChildrenCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        string last = "";
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.Trim().Length > 0) last = e.Data.Trim();
            onLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        return new ChildRun(process.ExitCode, wall, ChildrenCpuSeconds() - cpuBefore, ChildrenPeakRssKb() / 1024.0, last);
    }

    [StructLayout(LayoutKind.Sequential)]
    struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss; // KB on Linux
        public long IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int getrusage(int who, out RUsage usage);

    const int RusageChildren = -1;

    static double ChildrenCpuSeconds() =>
        OperatingSystem.IsLinux() && getrusage(RusageChildren, out var u) == 0
            ? u.UserSeconds + u.UserMicroseconds / 1e6 + u.SystemSeconds + u.SystemMicroseconds / 1e6
            : 0;

    static long ChildrenPeakRssKb() => OperatingSystem.IsLinux() && getrusage(RusageChildren, out var usage) == 0 ? usage.MaxRss : 0;
}
