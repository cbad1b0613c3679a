namespace DataflowLung.Pipeline.Synthetic;

/// <summary>How a synthetic patient breathes: the chance that a cycle carries crackles (and how many), the chance
/// it carries a wheeze, and how much extra high-frequency noise (spectral tilt) the breath noise has. When
/// <see cref="RequireCrackles"/>/<see cref="RequireWheezes"/> is set at least one cycle gets them, so the
/// recording-level label a file name states is always true of the audio.</summary>
public sealed record BreathProfile(
    double CrackleCycleProbability,
    int MinCracklesPerCycle,
    int MaxCracklesPerCycle,
    double WheezeCycleProbability,
    double HighFrequencyTilt,
    bool RequireCrackles = false,
    bool RequireWheezes = false)
{
    public static BreathProfile Healthy { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Dense crackles in most cycles and a tilted spectrum: what makes synthetic pneumonia learnable.</summary>
    public static BreathProfile Pneumonia { get; } = new(0.9, 6, 14, 0, 1.0, RequireCrackles: true);

    public static BreathProfile Wheezy { get; } = new(0, 0, 0, 0.7, 0, RequireWheezes: true);

    /// <summary>A few crackles in some cycles (heart failure, bronchiectasis): crackles alone do not mean pneumonia.</summary>
    public static BreathProfile FewCrackles { get; } = new(0.5, 1, 2, 0, 0, RequireCrackles: true);

    public bool MayCrackle => CrackleCycleProbability > 0 || RequireCrackles;

    public bool MayWheeze => WheezeCycleProbability > 0 || RequireWheezes;
}
