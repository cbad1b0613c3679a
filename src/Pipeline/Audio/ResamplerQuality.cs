namespace DataflowLung.Pipeline.Audio;

/// <summary>Design of the windowed-sinc (Kaiser) low-pass filter used by <see cref="Resampler"/>.</summary>
/// <param name="HalfLengthZeroCrossings">Filter half-length counted in zero crossings of the sinc at the
/// cutoff. Longer filters give a narrower transition band and cost proportionally more.</param>
/// <param name="KaiserBeta">Kaiser window shape; larger means deeper stop band and wider transition.</param>
/// <param name="Cutoff">Cutoff as a fraction of the lower of the two Nyquist frequencies, in (0, 1].</param>
public sealed record ResamplerQuality(int HalfLengthZeroCrossings, double KaiserBeta, double Cutoff)
{
    /// <summary>Flat to within 0.01 dB up to 0.9 × the lower Nyquist, at least 70 dB down from 1.0 × on
    /// (transition about 0.915–0.985). Meets the 0.1 dB pass band and 60 dB stop band with margin.</summary>
    public static ResamplerQuality Default { get; } = new(64, 8.0, 0.95);

    /// <summary>Short filter (a quarter of the work) for bulk augmentation: flat to within 0.05 dB up to 0.7 × the lower
    /// Nyquist, at least 60 dB down from 1.0 × on.</summary>
    public static ResamplerQuality Fast { get; } = new(16, 6.0, 0.85);

    internal void Validate()
    {
        if (HalfLengthZeroCrossings < 1) throw new ArgumentOutOfRangeException(nameof(HalfLengthZeroCrossings), HalfLengthZeroCrossings, "must be at least 1");
        if (!(KaiserBeta >= 0) || double.IsInfinity(KaiserBeta)) throw new ArgumentOutOfRangeException(nameof(KaiserBeta), KaiserBeta, "must be finite and non-negative");
        if (!(Cutoff > 0 && Cutoff <= 1)) throw new ArgumentOutOfRangeException(nameof(Cutoff), Cutoff, "must be in (0, 1]");
    }
}
