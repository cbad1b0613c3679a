using System.Runtime.InteropServices;

namespace DataflowLung.Model.Training;

/// <summary>glibc malloc settings for a training process. Every step frees and allocates the same activations again
/// (the first mixednet block's are 16 × 8 × 128 × 313 floats, 20 MB each). With glibc's defaults the freed memory
/// above the trim threshold goes back to the kernel, and the next step's first write to each page is a page fault the
/// kernel zeroes: a quiet `bench train` of mixednet took 0.18–0.38 s per step (median, four runs, 0.2–1.25 M minor
/// faults) and 0.16–0.22 s with the freed memory kept (three runs, 0.13 M faults), peak RSS +30–40 MB
/// (docs/performance.md). The same settings as MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_, set from inside the
/// process; on another C library, or where the call is refused, nothing changes.</summary>
public static partial class NativeHeap
{
    const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD (malloc.h)

    /// <summary>glibc's upper bound for the mmap threshold on 64-bit (HEAP_MAX_SIZE / 2): larger values are refused.</summary>
    public const int MmapThresholdBytes = 32 << 20;
    public const int TrimThresholdBytes = 1 << 30;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

    /// <summary>Keeps freed blocks up to <see cref="MmapThresholdBytes"/> in the heap and the heap's free top up to
    /// <see cref="TrimThresholdBytes"/>; true when glibc took both settings.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Mallopt(MmapThreshold, MmapThresholdBytes) == 1 && Mallopt(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl or another libc without mallopt: its own allocator's defaults stay
        }
    }
}
