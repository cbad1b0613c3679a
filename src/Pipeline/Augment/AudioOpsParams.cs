namespace DataflowLung.Pipeline.Augment;

/// <summary>The random ranges of every audio op, shared by AugMix chains and standalone audio augmenters.</summary>
public sealed record AudioOpsParams
{
    public TimeStretchParams StretchTime { get; init; } = new();
    public PitchShiftParams ShiftPitch { get; init; } = new();
    public GainParams Gain { get; init; } = new();
    public NoiseParams Noise { get; init; } = new();
    public TimeShiftParams TimeShift { get; init; } = new();

    public IReadOnlyList<string> Problems() =>
    [
        .. StretchTime.Problems().Select(m => "stretch_time: " + m),
        .. ShiftPitch.Problems().Select(m => "shift_pitch: " + m),
        .. Gain.Problems().Select(m => "gain: " + m),
        .. Noise.Problems().Select(m => "noise: " + m),
        .. TimeShift.Problems().Select(m => "time_shift: " + m),
    ];
}
