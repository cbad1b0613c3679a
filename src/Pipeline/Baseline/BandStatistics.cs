namespace DataflowLung.Pipeline.Baseline;

/// <summary>The baseline's features of one chunk as the network sees it: each mel band's mean and standard deviation
/// over the chunk's frames (2 × mels values: the means, then the standard deviations).</summary>
public static class BandStatistics
{
    /// <summary>The features of sample <paramref name="index"/> of a batch (<c>[Size, 1, Mels, Frames]</c>).</summary>
    public static double[] Of(Batch batch, int index) =>
        Of(batch.Inputs.AsSpan(index * batch.Mels * batch.Frames, batch.Mels * batch.Frames), batch.Mels, batch.Frames);

    /// <summary>The features of one mels × frames spectrogram, row-major.</summary>
    public static double[] Of(ReadOnlySpan<float> spectrogram, int mels, int frames)
    {
        var f = new double[2 * mels];
        for (int m = 0; m < mels; m++)
        {
            var band = spectrogram.Slice(m * frames, frames);
            double sum = 0;
            foreach (var v in band) sum += v;
            double mean = sum / frames, squares = 0;
            foreach (var v in band) squares += (v - mean) * (v - mean);
            f[m] = mean;
            f[mels + m] = Math.Sqrt(squares / frames);
        }
        return f;
    }
}
