namespace DataflowLung.Pipeline.Augment;

/// <summary>Random time stretch: rate drawn uniformly in [<see cref="MinRate"/>, <see cref="MaxRate"/>]
/// (rate &gt; 1 speeds up). Defaults are the original's <c>stretch_time</c> range; n_fft 2048 and hop
/// n_fft/4 are librosa's <c>time_stretch</c> defaults.</summary>
public sealed record TimeStretchParams(
    double MinRate = 0.6,
    double MaxRate = 1.2,
    int NFft = 2048,
    int HopLength = 512)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!(MinRate > 0) || !(MaxRate >= MinRate)) p.Add($"stretch rates must satisfy 0 < min ≤ max (got {MinRate}..{MaxRate})");
        p.AddRange(StftProblems.Of(NFft, HopLength));
        return p;
    }
}
