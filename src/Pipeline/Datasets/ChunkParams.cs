namespace DataflowLung.Pipeline.Datasets;

/// <summary>How recordings become fixed-length samples. Defaults from the original system: 10 s windows,
/// 5 s step, a final partial window kept when at least half a window (<see cref="LastChunk"/>: one of exactly half kept,
/// as the original's later dataset code; the original's trainers drop it, <see cref="Datasets.LastChunk.Drop"/>); crackle/wheeze labels from
/// cycles of at least 1 s overlapping a window by at least 0.15 × window. Per-cycle samples (<see cref="PerCycle"/>,
/// always for the cycles tasks) are fitted to <see cref="AudioLengthSeconds"/> as <see cref="CycleFit"/> says.
/// <see cref="ShortRecordingMinSeconds"/>: when set (predict and evaluate), a recording too short for any window
/// but at least this long gives one chunk, padded as <see cref="ChunkPadding"/> does (tiled under half a window);
/// null keeps the original's rule, under which such a recording gives no chunk.</summary>
public sealed record ChunkParams(
    double AudioLengthSeconds = 10.0,
    double StepSeconds = 5.0,
    double OverlapThreshold = 0.15,
    double MinCycleSeconds = 1.0,
    bool PerCycle = false,
    bool NoPad = false,
    CycleFit CycleFit = CycleFit.Original,
    double? ShortRecordingMinSeconds = null,
    LastChunk LastChunk = LastChunk.Keep)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (AudioLengthSeconds <= 0) p.Add($"audio_length must be positive (got {AudioLengthSeconds})");
        if (StepSeconds <= 0) p.Add($"step_size must be positive (got {StepSeconds})");
        if (OverlapThreshold is < 0 or > 1) p.Add($"overlap_threshold must be in [0, 1] (got {OverlapThreshold})");
        if (MinCycleSeconds < 0) p.Add($"minimum cycle length must be ≥ 0 (got {MinCycleSeconds})");
        if (ShortRecordingMinSeconds is { } min && !(min > 0)) p.Add($"minimum recording length must be positive (got {min})");
        return p;
    }
}
