namespace DataflowLung.Pipeline.Augment;

/// <summary>Random pitch shift by a number of semitones drawn uniformly in [min, max], with the vocoder sizes of
/// librosa's defaults. <see cref="WholeSemitones"/>: a whole number drawn uniformly from the integers in [min, max],
/// as the original's nlpaug <c>PitchAug</c> (its defaults: −10 … 10, the original preset's values); default off
/// (continuous ±3).</summary>
public sealed record PitchShiftParams(
    double MinSemitones = -3.0,
    double MaxSemitones = 3.0,
    int NFft = 2048,
    int HopLength = 512,
    bool WholeSemitones = false)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!(MaxSemitones >= MinSemitones) || Math.Abs(MinSemitones) > 24 || Math.Abs(MaxSemitones) > 24)
            p.Add($"pitch shift must satisfy min ≤ max within ±24 semitones (got {MinSemitones}..{MaxSemitones})");
        if (WholeSemitones && Math.Ceiling(MinSemitones) > Math.Floor(MaxSemitones))
            p.Add($"whole_semitones needs a whole number between min and max (got {MinSemitones}..{MaxSemitones})");
        p.AddRange(StftProblems.Of(NFft, HopLength));
        return p;
    }
}
