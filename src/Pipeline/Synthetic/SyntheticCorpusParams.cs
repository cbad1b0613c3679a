namespace DataflowLung.Pipeline.Synthetic;

/// <summary>Size and make-up of a synthetic lung-sound corpus. The defaults give the runner demo's small corpus
/// (about 24 patients per dataset, ~30 % pneumonia, 10–20 s recordings); raise the counts and durations for
/// bench volume. Everything is derived from <see cref="Seed"/>.</summary>
public sealed record SyntheticCorpusParams(
    int Seed = 2024,
    int IcbhiPatients = 24,
    int JordanPatients = 24,
    double PneumoniaFraction = 0.3,
    int IcbhiRecordingsPerPatient = 2,
    double MinSeconds = 10,
    double MaxSeconds = 20,
    bool WriteIcbhi = true,
    bool WriteJordan = true)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (IcbhiPatients < 0 || JordanPatients < 0) p.Add("patient counts must be ≥ 0");
        if (IcbhiPatients + JordanPatients == 0) p.Add("at least one patient is needed");
        if (PneumoniaFraction is < 0 or > 1) p.Add($"pneumonia fraction must be in [0, 1] (got {PneumoniaFraction})");
        if (IcbhiRecordingsPerPatient < 1) p.Add("ICBHI recordings per patient must be ≥ 1");
        if (MinSeconds < 3 || MaxSeconds < MinSeconds) p.Add($"durations must satisfy 3 ≤ min ≤ max (got {MinSeconds}..{MaxSeconds})");
        return p;
    }
}
