namespace DataflowLung.Kernels;

/// <summary>Validation shared by every backend: parameters and clip length once at construction,
/// span sizes on every call (a wrong size is a caller bug, reported with the numbers).</summary>
public static class FeatureShape
{
    public static int ValidateAndCountFrames(FeatureParams p, int clipSamples)
    {
        var problems = p.Problems();
        if (problems.Count > 0) throw new ArgumentException("invalid feature parameters: " + string.Join("; ", problems), nameof(p));
        if (clipSamples < 1) throw new ArgumentOutOfRangeException(nameof(clipSamples), clipSamples, "a clip needs at least one sample");
        int frames = p.Frames(clipSamples);
        if (frames < 1)
            throw new ArgumentOutOfRangeException(nameof(clipSamples), clipSamples, $"a clip of {clipSamples} samples is shorter than one window ({p.FrameSamples} samples) with center=false");
        return frames;
    }

    public static void ValidateCall(IFeatureBackend b, int clipsLength, int batchSize, int outputLength)
    {
        if (batchSize < 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must not be negative");
        if (clipsLength != (long)batchSize * b.ClipSamples)
            throw new ArgumentException($"{b.Name}: clips hold {clipsLength} samples, expected {batchSize} × {b.ClipSamples}");
        if (outputLength != (long)batchSize * b.Params.NMels * b.Frames)
            throw new ArgumentException($"{b.Name}: output holds {outputLength} values, expected {batchSize} × {b.Params.NMels} × {b.Frames}");
    }
}
