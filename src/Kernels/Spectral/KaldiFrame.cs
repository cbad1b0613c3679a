namespace DataflowLung.Kernels.Spectral;

/// <summary>The per-frame steps of the Kaldi convention (<see cref="FrameConvention.Kaldi"/>), as
/// <c>torchaudio.compliance.kaldi</c> does them before the FFT: a frame of win_length samples starting at
/// t·hop, its mean removed, pre-emphasis y[n] = x[n] − c·x[max(n − 1, 0)], then the symmetric Hann window
/// 0.5 − 0.5·cos(2πn/(W − 1)) (torch.hann_window(W, periodic=False)); the n_fft buffer holds the frame at its start
/// and zeros after it.</summary>
public static class KaldiFrame
{
    /// <summary>The window over the n_fft buffer: symmetric Hann on [0, W), zero after.</summary>
    public static double[] Window(int winLength, int nFft)
    {
        var w = new double[nFft];
        for (int n = 0; n < winLength; n++)
            w[n] = winLength == 1 ? 1.0 : 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * n / (winLength - 1));
        return w;
    }

    /// <summary>Sample n (0 ≤ n &lt; W) of a frame after mean removal and pre-emphasis, before the window, given the
    /// frame's samples and their mean: (x[n] − μ) − c·(x[n − 1] − μ), with x[−1] read as x[0].</summary>
    public static double Sample(ReadOnlySpan<float> frame, int n, double mean, double preemphasis) =>
        frame[n] - mean - preemphasis * (frame[Math.Max(n - 1, 0)] - mean);

    public static double Mean(ReadOnlySpan<float> frame)
    {
        double sum = 0;
        foreach (float v in frame) sum += v;
        return sum / frame.Length;
    }
}
