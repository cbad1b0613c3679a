namespace DataflowLung.Pipeline;

/// <summary>Decoded mono audio in [-1, 1] at <see cref="SampleRate"/> Hz.</summary>
public sealed record Signal(float[] Samples, int SampleRate)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}
