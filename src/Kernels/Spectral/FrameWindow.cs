namespace DataflowLung.Kernels.Spectral;

/// <summary>The analysis window of a frame under <paramref name="p"/>'s convention, zero-padded to n_fft: Kaldi's
/// (<see cref="KaldiFrame.Window"/>) or torch's periodic Hann (<see cref="HannWindow.Periodic"/>). One choice for
/// every backend.</summary>
public static class FrameWindow
{
    public static double[] For(FeatureParams p) =>
        p.Convention == FrameConvention.Kaldi ? KaldiFrame.Window(p.EffectiveWinLength, p.NFft) : HannWindow.Periodic(p.EffectiveWinLength, p.NFft);
}
