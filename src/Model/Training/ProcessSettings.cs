using System.Runtime.InteropServices;

namespace DataflowLung.Model.Training;

/// <summary>The settings a process must start with, which only take effect from the environment at process start:
/// glibc's arena limit (<see cref="NativeHeap"/>) for every command, and, for a job that trains or scores for seconds
/// to hours, the JIT compiling each method once, fully optimised, and OpenMP workers that do not spin (<see cref="LongRunning"/>). Where one is missing,
/// the process starts again once with it set (execve: same process id, arguments and standard streams), first thing in
/// Main. A user's own value of any of them is kept.</summary>
public static partial class ProcessSettings
{
    /// <summary>For a long command:
    /// <list type="bullet">
    /// <item>Tiered compilation off: every method is compiled once, optimised, instead of first unoptimised (with PGO
    /// counters), then again. A 3-epoch mixednet job spent 2.6 CPU-seconds in the JIT and ran its pipeline and reports in
    /// tier-0 code at first; with this it used about 5 CPU-seconds less (docs/performance.md). It costs a short command
    /// about 0.6 s of start-up, so only long commands take it.</item>
    /// <item>libtorch's OpenMP workers sleep as soon as a parallel region ends (<c>OMP_WAIT_POLICY=PASSIVE</c>) instead of
    /// spinning for a while: a training step alternates libtorch's parallel operators with the custom kernels' .NET
    /// workers (and the graph's), which the spinning workers starved of the same cores. bench train, alternating:
    /// 0.082–0.097 s per step against 0.096–0.104 s, and a fifth less CPU per step.</item>
    /// </list></summary>
    public static readonly IReadOnlyList<(string Name, string Value)> LongRunning =
        [("DOTNET_TieredCompilation", "0"), ("OMP_WAIT_POLICY", "PASSIVE")];

    [LibraryImport("libc", EntryPoint = "execve")]
    private static partial int Execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);

    /// <summary>What Main does first: the restart for what is missing (on success it never returns), then the malloc
    /// settings that a call can set (<see cref="NativeHeap.KeepFreedMemory"/>).</summary>
    public static void Configure(bool longRunning)
    {
        RestartWith(Wanted(longRunning, Environment.GetEnvironmentVariable));
        NativeHeap.KeepFreedMemory();
    }

    /// <summary>The variables the process would have to be started again with: those of <see cref="NativeHeap"/>
    /// (and <see cref="LongRunning"/>) that <paramref name="current"/> does not already hold.</summary>
    public static IReadOnlyList<(string Name, string Value)> Wanted(bool longRunning, Func<string, string?> current) =>
        NativeHeap.Environment.Concat(longRunning ? LongRunning : []).Where(v => current(v.Name) is null).ToArray();

    /// <summary>Starts the process again with <paramref name="missing"/> added to its environment. Returns (and the
    /// process goes on as it is) when nothing is missing, off Linux, or when the arguments cannot be read or execve
    /// fails. Once started with them, nothing is missing, so it restarts at most once.</summary>
    static void RestartWith(IReadOnlyList<(string Name, string Value)> missing)
    {
        if (missing.Count == 0 || !OperatingSystem.IsLinux()) return;
        string[] argv;
        try { argv = File.ReadAllText("/proc/self/cmdline").Split('\0')[..^1]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        if (argv.Length == 0) return;
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").Concat(missing.Select(v => $"{v.Name}={v.Value}")).ToArray();
        var allocated = new List<IntPtr>();
        IntPtr Utf8(string s) { var p = Marshal.StringToCoTaskMemUTF8(s); allocated.Add(p); return p; }
        try
        {
            // The executable itself, not /proc/self/exe, so the process keeps its name (ps, top: "dotnet", "runner").
            Execve(Utf8(Environment.ProcessPath ?? "/proc/self/exe"), [.. argv.Select(Utf8), IntPtr.Zero], [.. environment.Select(Utf8), IntPtr.Zero]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        finally
        {
            foreach (var p in allocated) Marshal.FreeCoTaskMem(p); // only reached when execve failed
        }
    }
}
