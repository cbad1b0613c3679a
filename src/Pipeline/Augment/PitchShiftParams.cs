namespace DataflowLung.Pipeline.Augment;

/// <summary>Random pitch shift by a number of semitones drawn uniformly in [min, max] (the original's
/// <c>shift_pitch</c> moved a few semitones either way), with the vocoder sizes of librosa's defaults.</summary>
public sealed record PitchShiftParams(
    double MinSemitones = -3.0,
    double MaxSemitones = 3.0,
    int NFft = 2048,
    int HopLength = 512)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!(MaxSemitones >= MinSemitones) || Math.Abs(MinSemitones) > 24 || Math.Abs(MaxSemitones) > 24)
            p.Add($"pitch shift must satisfy min ≤ max within ±24 semitones (got {MinSemitones}..{MaxSemitones})");
        p.AddRange(StftProblems.Of(NFft, HopLength));
        return p;
    }
}
