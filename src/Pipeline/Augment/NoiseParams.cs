namespace DataflowLung.Pipeline.Augment;

/// <summary>Additive white Gaussian noise at an SNR drawn uniformly in [min, max] dB.</summary>
public sealed record NoiseParams(double MinSnrDb = 15.0, double MaxSnrDb = 30.0)
{
    public IReadOnlyList<string> Problems() =>
        double.IsFinite(MinSnrDb) && double.IsFinite(MaxSnrDb) && MaxSnrDb >= MinSnrDb
            ? []
            : [$"noise SNR range must be finite with min ≤ max (got {MinSnrDb}..{MaxSnrDb} dB)"];
}
