namespace DataflowLung.Pipeline.Metrics;

/// <summary>How a bootstrap interval is made: <see cref="Resamples"/> draws of the clusters (patients) with
/// replacement, a two-sided percentile interval at <see cref="Confidence"/>, every draw from <see cref="Seed"/>.
/// <see cref="MinDefinedFraction"/>: the share of resamples on which a metric must be defined for its interval
/// to be given (AUC is undefined on a resample that drew no positive patient).</summary>
public sealed record BootstrapParams(int Resamples = 2000, double Confidence = 0.95, long Seed = 12, double MinDefinedFraction = 0.5)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (Resamples < 100) p.Add($"bootstrap_resamples must be ≥ 100 (got {Resamples})");
        if (!(Confidence is > 0 and < 1)) p.Add($"bootstrap_confidence must be in (0, 1) (got {Confidence})");
        if (!(MinDefinedFraction is > 0 and <= 1)) p.Add($"the defined fraction must be in (0, 1] (got {MinDefinedFraction})");
        return p;
    }
}
