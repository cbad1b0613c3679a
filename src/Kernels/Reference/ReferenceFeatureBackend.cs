using System.Numerics;
using DataflowLung.Kernels.Fourier;
using DataflowLung.Kernels.Spectral;

namespace DataflowLung.Kernels.Reference;

/// <summary>The obviously-correct definition, in double precision and one loop per formula: reflect-pad (or, in the
/// Kaldi convention, <see cref="KaldiFrame"/>'s mean removal and pre-emphasis of each whole frame), window, full complex DFT (textbook radix-2 <see cref="ComplexFft"/>), |X|^power on the one-sided bins, dense
/// mel matrix product, compression. Slow on purpose; the fast backends are tested against it.</summary>
public sealed class ReferenceFeatureBackend : IFeatureBackend
{
    readonly double[] window;
    readonly double[] melDense;
    readonly object gate = new();

    public ReferenceFeatureBackend(FeatureParams p, int clipSamples)
    {
        Frames = FeatureShape.ValidateAndCountFrames(p, clipSamples);
        Params = p;
        ClipSamples = clipSamples;
        window = FrameWindow.For(p);
        melDense = MelFilterbank.Create(p).ToDense();
    }

    public string Name => "reference";
    public FeatureParams Params { get; }
    public int ClipSamples { get; }
    public int Frames { get; }

    public void Compute(ReadOnlySpan<float> clips, int batchSize, Span<float> output)
    {
        FeatureShape.ValidateCall(this, clips.Length, batchSize, output.Length);
        lock (gate)
        {
            int size = Params.NMels * Frames;
            for (int c = 0; c < batchSize; c++)
            {
                double[] spec = Spectrogram(clips.Slice(c * ClipSamples, ClipSamples));
                for (int i = 0; i < size; i++) output[c * size + i] = (float)spec[i];
            }
        }
    }

    /// <summary>One clip's [n_mels × frames] features in double precision.</summary>
    public double[] Spectrogram(ReadOnlySpan<float> clip)
    {
        var p = Params;
        int bins = p.Bins, padLeft = Framing.PadLeft(p);
        var mel = new double[p.NMels * Frames];
        var frame = new Complex[p.NFft];
        var power = new double[bins];
        for (int t = 0; t < Frames; t++)
        {
            if (p.Convention == FrameConvention.Kaldi)
            {
                var raw = clip.Slice(t * p.HopLength, p.EffectiveWinLength);
                double mean = KaldiFrame.Mean(raw);
                for (int n = 0; n < p.NFft; n++)
                    frame[n] = n < raw.Length ? KaldiFrame.Sample(raw, n, mean, p.Preemphasis) * window[n] : 0.0;
            }
            else
                for (int n = 0; n < p.NFft; n++)
                    frame[n] = clip[Framing.SourceIndex(t, n, p.HopLength, padLeft, clip.Length)] * window[n];
            ComplexFft.Forward(frame);
            for (int k = 0; k < bins; k++) power[k] = Math.Pow(frame[k].Magnitude, p.Power);
            for (int m = 0; m < p.NMels; m++)
            {
                double sum = 0;
                for (int k = 0; k < bins; k++) sum += melDense[m * bins + k] * power[k];
                mel[m * Frames + t] = sum;
            }
        }
        Compress(mel);
        return mel;
    }

    void Compress(double[] s)
    {
        var p = Params;
        if (p.CubeRoot) for (int i = 0; i < s.Length; i++) s[i] = Math.Cbrt(s[i]);
        if (p.Log == LogMode.Natural) for (int i = 0; i < s.Length; i++) s[i] = Math.Log(s[i] + p.LogEpsilon);
        if (p.Log == LogMode.NaturalFloor) for (int i = 0; i < s.Length; i++) s[i] = Math.Log(Math.Max(s[i], p.LogEpsilon));
        if (p.Log == LogMode.Decibel)
        {
            // librosa: power_to_db(S, ref=np.max, amin, top_db); magnitude (power 1) as amplitude_to_db.
            double amin = Compression.DecibelAmin(p), scale = Compression.DecibelScale(p);
            double reference = scale * Math.Log10(Math.Max(amin, s.Max()));
            for (int i = 0; i < s.Length; i++) s[i] = scale * Math.Log10(Math.Max(amin, s[i])) - reference;
            for (int i = 0; i < s.Length; i++) s[i] = Math.Max(s[i], -p.TopDb);
        }
        if (p.Normalize)
        {
            double mean = s.Average();
            double std = Math.Sqrt(s.Select(v => (v - mean) * (v - mean)).Average());
            for (int i = 0; i < s.Length; i++) s[i] = std > 1e-12 ? (s[i] - mean) / std : s[i] - mean;
        }
    }

    public void Dispose() { }
}
