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
/// runtime makes several before Main, so it must be in the environment when the process starts
/// (<see cref="Environment"/>, set by <see cref="ProcessSettings"/>' restart).</item>
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

    /// <summary>What the process must start with (glibc only: elsewhere nothing).</summary>
    public static IReadOnlyList<(string Name, string Value)> Environment =>
        IsGlibc() ? [(ArenaVariable, Arenas.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [];

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

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

    static bool IsGlibc() =>
        OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier is var rid && !rid.Contains("musl", StringComparison.Ordinal);
}
