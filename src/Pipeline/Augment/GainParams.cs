namespace DataflowLung.Pipeline.Augment;

/// <summary>Random linear gain drawn uniformly in [min, max]; defaults are the original's loudness range.</summary>
public sealed record GainParams(double MinGain = 0.5, double MaxGain = 2.0)
{
    public IReadOnlyList<string> Problems() =>
        MinGain >= 0 && double.IsFinite(MaxGain) && MaxGain >= MinGain
            ? []
            : [$"gain range must satisfy 0 ≤ min ≤ max (got {MinGain}..{MaxGain})"];
}
