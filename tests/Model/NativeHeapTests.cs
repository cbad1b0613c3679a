using DataflowLung.Model.Training;

namespace DataflowLung.Tests.Model;

/// <summary>The malloc settings a training process runs with are taken on this machine's C library.</summary>
public sealed class NativeHeapTests
{
    [SkippableFact]
    public void Glibc_takes_both_settings()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/usr/bin/ldd") && IsGlibc(), "not a glibc system: the settings do not apply");
        Assert.True(NativeHeap.KeepFreedMemory(), "mallopt refused the mmap or trim threshold");
    }

    [Fact]
    public void The_mmap_threshold_is_within_what_glibc_accepts_on_64_bit()
    {
        // glibc refuses an mmap threshold above HEAP_MAX_SIZE / 2 = 32 MiB, and then keeps its dynamic default.
        Assert.True(NativeHeap.MmapThresholdBytes <= 32 << 20);
        Assert.True(NativeHeap.TrimThresholdBytes >= NativeHeap.MmapThresholdBytes);
    }

    static bool IsGlibc()
    {
        try { return System.Runtime.InteropServices.RuntimeInformation.OSDescription.Contains("Linux") && File.ReadAllText("/usr/bin/ldd").Contains("GNU C Library"); }
        catch (IOException) { return false; }
    }
}
