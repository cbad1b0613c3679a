using System.Runtime.Intrinsics.X86;

namespace DataflowLung.Model.Models;

/// <summary>Which code computes a training step's mixed depthwise convolution (<see cref="DepthwiseSimd"/>) and mixednet's
/// first convolution + ReLU (<see cref="SingleChannelConvRelu"/>, on the same row loops): libtorch's own convolutions, or
/// the custom kernels on AVX-512F, AVX2 + FMA or plain scalar code. One switch for both.</summary>
public enum DepthwiseSimdPath { Libtorch, Scalar, Avx2, Avx512 }

/// <summary>The paths this CPU can run and the one a training step takes.</summary>
public static class DepthwiseSimdPaths
{
    // An AsyncLocal, not a static field: a test forcing a path must not change the path of another test running at the
    // same time; the bench sets it once at the start and every task it starts inherits it.
    private static readonly AsyncLocal<DepthwiseSimdPath?> forced = new();

    /// <summary>The fastest path this CPU supports.</summary>
    public static DepthwiseSimdPath Best =>
        IsSupported(DepthwiseSimdPath.Avx512) ? DepthwiseSimdPath.Avx512
        : IsSupported(DepthwiseSimdPath.Avx2) ? DepthwiseSimdPath.Avx2
        : DepthwiseSimdPath.Scalar;

    public static bool IsSupported(DepthwiseSimdPath path) => path switch
    {
        DepthwiseSimdPath.Avx512 => Avx512F.IsSupported,
        DepthwiseSimdPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    /// <summary>A path forced for this flow of execution (tests, the bench's A/B switch); null: libtorch's.
    /// Forcing a path the CPU lacks is refused rather than left to crash inside the kernel.</summary>
    public static DepthwiseSimdPath? Forced
    {
        get => forced.Value;
        set
        {
            if (value is { } path && !IsSupported(path))
                throw new PlatformNotSupportedException($"this CPU cannot run the {path} depthwise path");
            forced.Value = value;
        }
    }

    /// <summary>The path a training step takes: the forced one, else <see cref="Default"/>. Runs through the kernel
    /// once aborted in Adam's step on a freed libtorch scalar (5 of 37 bench runs); the cause was TorchSharp's Adam, whose
    /// implicit scalars a collection started by another thread could free mid-call (the kernel's worker threads made
    /// that likelier), fixed by <see cref="Training.ScalarSafeAdam"/>.</summary>
    public static DepthwiseSimdPath Current => Forced ?? Default;

    /// <summary>What a step takes unless forced: the best vector path; libtorch's convolution on a CPU with neither
    /// AVX-512F nor AVX2 + FMA (the scalar kernel is there for tests and as a reference, not to be faster).</summary>
    public static DepthwiseSimdPath Default => Best == DepthwiseSimdPath.Scalar ? DepthwiseSimdPath.Libtorch : Best;
}
