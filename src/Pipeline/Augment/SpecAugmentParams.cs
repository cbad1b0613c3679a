namespace DataflowLung.Pipeline.Augment;

/// <summary>What a masked area is filled with: the spectrogram's own mean (neutral for dB or log
/// features, where 0 would be loud or arbitrary) or zero.</summary>
public enum SpecMaskValue { Mean, Zero }

/// <summary>SpecAugment (Park et al. 2019): <see cref="TimeMasks"/> bands of up to
/// <see cref="MaxTimeWidth"/> frames and <see cref="FreqMasks"/> bands of up to <see cref="MaxFreqWidth"/>
/// mel rows, widths uniform in 0..max; optional time warp by up to <see cref="TimeWarp"/> frames (0 = off).
/// Like the other augmenters it adds samples: int(n × <see cref="Quantity"/>) chunks of class
/// <see cref="Label"/> (−1 = any) get a masked copy.</summary>
public sealed record SpecAugmentParams(
    int TimeMasks = 2,
    int MaxTimeWidth = 30,
    int FreqMasks = 2,
    int MaxFreqWidth = 13,
    int TimeWarp = 0,
    SpecMaskValue MaskValue = SpecMaskValue.Mean,
    double Quantity = 0.2,
    int Label = -1)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (TimeMasks < 0 || FreqMasks < 0) p.Add($"mask counts must be ≥ 0 (got time {TimeMasks}, frequency {FreqMasks})");
        if (MaxTimeWidth < 0 || MaxFreqWidth < 0) p.Add($"mask widths must be ≥ 0 (got time {MaxTimeWidth}, frequency {MaxFreqWidth})");
        if (TimeWarp < 0) p.Add($"time warp must be ≥ 0 (got {TimeWarp})");
        if (!(Quantity >= 0) || !double.IsFinite(Quantity)) p.Add($"quantity must be ≥ 0 (got {Quantity})");
        if (Label < -1) p.Add($"label must be −1 (any) or a class index (got {Label})");
        return p;
    }
}
