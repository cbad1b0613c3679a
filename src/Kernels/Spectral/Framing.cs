namespace DataflowLung.Kernels.Spectral;

/// <summary>Where frame samples come from. Centred framing pads n_fft/2 samples on both sides by reflection
/// without repeating the edge (torch 'reflect', numpy 'reflect'); a clip shorter than the pad keeps mirroring
/// (numpy's behaviour; torch refuses such input).</summary>
public static class Framing
{
    /// <summary>Samples added before the clip: n_fft/2 when centred, else 0.</summary>
    public static int PadLeft(FeatureParams p) => p.Center ? p.NFft / 2 : 0;

    /// <summary>Maps a possibly out-of-range index onto the clip by mirroring at both ends.</summary>
    public static int Reflect(int index, int length)
    {
        if (length == 1) return 0;
        int period = 2 * (length - 1);
        int i = index % period;
        if (i < 0) i += period;
        return i < length ? i : period - i;
    }

    /// <summary>Index into the clip of sample <paramref name="n"/> of frame <paramref name="frame"/>.</summary>
    public static int SourceIndex(int frame, int n, int hop, int padLeft, int clipSamples) =>
        Reflect(frame * hop + n - padLeft, clipSamples);
}
