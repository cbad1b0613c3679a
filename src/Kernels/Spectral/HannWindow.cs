namespace DataflowLung.Kernels.Spectral;

/// <summary>The analysis window of torch.hann_window(win_length, periodic=True) (= scipy/librosa 'hann'
/// with fftbins=True), zero-padded to n_fft with the window centred, as torch.stft and librosa do.</summary>
public static class HannWindow
{
    public static double[] Periodic(int winLength, int nFft)
    {
        var w = new double[nFft];
        int left = (nFft - winLength) / 2;
        for (int n = 0; n < winLength; n++)
            w[left + n] = 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * n / winLength);
        return w;
    }
}
