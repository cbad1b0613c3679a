namespace DataflowLung.Pipeline.Augment;

/// <summary>Runs one audio op by kind with its parameters from <see cref="AudioOpsParams"/>.</summary>
public static class AudioOps
{
    public static float[] Apply(AudioOpKind op, float[] x, int sampleRate, AudioOpsParams p, long seed) => op switch
    {
        AudioOpKind.ShiftPitch => PitchShift.Augment(x, sampleRate, p.ShiftPitch, seed),
        AudioOpKind.StretchTime => TimeStretch.Augment(x, p.StretchTime, seed),
        AudioOpKind.Gain => Gain.Augment(x, p.Gain, seed),
        AudioOpKind.Noise => Noise.Augment(x, p.Noise, seed),
        AudioOpKind.TimeShift => TimeShift.Augment(x, p.TimeShift, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown audio op"),
    };
}
