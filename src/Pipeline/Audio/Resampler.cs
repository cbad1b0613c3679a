namespace DataflowLung.Pipeline.Audio;

/// <summary>Band-limited sample-rate conversion between any two positive integer rates (polyphase
/// Kaiser-windowed sinc, ratio reduced by the gcd). Output sample k sits at input time k·from/to; samples
/// outside the signal count as zero. Output length is round(n·to/from), halves rounded up.</summary>
public static class Resampler
{
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate, ResamplerQuality? quality = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        var q = quality ?? ResamplerQuality.Default;
        q.Validate();
        if (fromRate == toRate) return input.ToArray();

        int g = Gcd(fromRate, toRate);
        int up = toRate / g, down = fromRate / g;
        long outputLength = OutputLength(input.Length, fromRate, toRate);
        if (outputLength > Array.MaxLength) throw new ArgumentException($"resampled signal would hold {outputLength} samples", nameof(input));
        var output = new float[outputLength];
        if (outputLength == 0) return output;

        var filter = PolyphaseFilter.For(up, down, q);
        long index = 0;
        int phase = 0;
        int indexStep = down / up, phaseStep = down % up;
        for (int k = 0; k < output.Length; k++)
        {
            output[k] = filter.Apply(input, index, phase);
            // Advance the input position by down/up without division per sample.
            index += indexStep;
            phase += phaseStep;
            if (phase >= up) { phase -= up; index++; }
        }
        return output;
    }

    public static Signal Resample(Signal s, int toRate, ResamplerQuality? quality = null) =>
        s.SampleRate == toRate ? s : new Signal(Resample(s.Samples, s.SampleRate, toRate, quality), toRate);

    /// <summary>round(n·to/from) with halves rounded up, in exact integer arithmetic.</summary>
    public static long OutputLength(long inputLength, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        Int128 exact = (Int128)inputLength * toRate * 2 + fromRate;
        return (long)(exact / (2L * fromRate));
    }

    static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
