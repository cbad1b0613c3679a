using System.Collections.Immutable;

namespace DataflowLung.Kernels;

/// <summary>One triangular mel filter, stored sparsely: its non-zero weights start at <see cref="FirstBin"/>
/// (a one-sided FFT bin index). An all-zero filter (possible with many mels at a small n_fft) has no weights.</summary>
public sealed record MelFilter(int FirstBin, ImmutableArray<double> Weights)
{
    public int Count => Weights.Length;

    public double At(int bin) => bin >= FirstBin && bin < FirstBin + Count ? Weights[bin - FirstBin] : 0.0;
}
