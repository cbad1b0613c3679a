using System.Runtime.InteropServices;

namespace DataflowLung.Model.Training;

/// <summary>glibc malloc settings for a training process (docs/performance.md, "Native memory").
/// <list type="bullet">
/// <item>Every step frees and allocates the same activations again (the first mixednet block's are 16 × 8 × 128 × 313
/// floats, 20 MB each). With glibc's defaults the freed memory goes back to the kernel and the next step's first write
/// to each page is a page fault the kernel zeroes: kept in the heap (mmap threshold 32 MiB, trim threshold 1 GiB), a
/// quiet `bench train` of mixednet went from 0.18–0.38 s to 0.16–0.22 s per step (median).</item>
/// <item>The trainer's steps run on whichever pool thread an <c>await</c> resumes on, and glibc gives each thread its
/// own arena, each keeping its own copy of a step's activations: a quiet 3-epoch mixednet job grew to 1.5 GB RSS. With
/// one arena it peaked at 1.02 GB and ran 20 % faster. The arena limit only holds for arenas not yet made, and the
/// runtime makes several before Main, so it must be in the environment when the process starts:
/// <see cref="RestartWithSettings"/> sets it and replaces the process image with itself (execve: same process id,
/// arguments and standard streams) once, first thing in Main.</item>
/// </list>
/// On another C library, or where a call is refused, nothing changes. A user's own MALLOC_ARENA_MAX is kept.</summary>
public static partial class NativeHeap
{
    const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD (malloc.h)

    /// <summary>glibc's upper bound for the mmap threshold on 64-bit (HEAP_MAX_SIZE / 2): larger values are refused.</summary>
    public const int MmapThresholdBytes = 32 << 20;
    public const int TrimThresholdBytes = 1 << 30;
    public const int Arenas = 1;
    public const string ArenaVariable = "MALLOC_ARENA_MAX";

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "execve")]
    private static partial int Execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);

    /// <summary>What a training process's Main does first: <see cref="RestartWithSettings"/> (once), then
    /// <see cref="KeepFreedMemory"/>.</summary>
    public static void ConfigureProcess()
    {
        RestartWithSettings();
        KeepFreedMemory();
    }

    /// <summary>Keeps freed blocks up to <see cref="MmapThresholdBytes"/> in the heap and its free top up to
    /// <see cref="TrimThresholdBytes"/>; true when glibc took both.</summary>
    public static bool KeepFreedMemory()
    {
        if (!IsGlibc()) return false;
        try
        {
            return Mallopt(MmapThreshold, MmapThresholdBytes) == 1 && Mallopt(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Where the process did not start with <see cref="ArenaVariable"/> set, starts it again with
    /// <see cref="ArenaVariable"/>=<see cref="Arenas"/> (execve of the same executable with the same arguments): on success
    /// this never returns. Returns (and the process goes on as it is) when the variable is already set, off glibc
    /// Linux, or when the arguments cannot be read or execve fails.</summary>
    public static void RestartWithSettings()
    {
        if (!IsGlibc() || Environment.GetEnvironmentVariable(ArenaVariable) is not null) return;
        string[] argv;
        try { argv = File.ReadAllText("/proc/self/cmdline").Split('\0')[..^1]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        if (argv.Length == 0) return;
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").Append($"{ArenaVariable}={Arenas}").ToArray();
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

    static bool IsGlibc() =>
        OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier is var rid && !rid.Contains("musl", StringComparison.Ordinal);
}
