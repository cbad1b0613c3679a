using System.Collections.Immutable;

namespace DataflowLung.Kernels;

/// <summary>Sparse mel filterbank equal to <c>torchaudio.functional.melscale_fbanks</c> (transposed:
/// one filter per mel) and therefore to <c>librosa.filters.mel</c> for the same scale and norm; in the Kaldi
/// convention equal to <c>torchaudio.compliance.kaldi.get_mel_banks</c> (padded with a zero Nyquist column).</summary>
public sealed record MelFilterbank(int Bins, ImmutableArray<MelFilter> Filters)
{
    public int NMels => Filters.Length;

    /// <summary>Builds the filterbank for <paramref name="p"/>. Bin k sits at k·(sr // 2)/(bins − 1) Hz, as
    /// torchaudio's linspace(0, sample_rate // 2, n_freqs) (identical to librosa for even sample rates).</summary>
    public static MelFilterbank Create(FeatureParams p)
    {
        if (p.Convention == FrameConvention.Kaldi) return Kaldi(p);
        int bins = p.Bins;
        double nyquist = p.SampleRate / 2; // integer division on purpose: torchaudio's sample_rate // 2
        double melMin = MelFrequency.HzToMel(p.FMin, p.MelScale);
        double melMax = MelFrequency.HzToMel(p.EffectiveFMax, p.MelScale);
        var edges = new double[p.NMels + 2]; // filter m spans edges[m] .. edges[m + 2], peak at edges[m + 1]
        for (int i = 0; i < edges.Length; i++)
            edges[i] = MelFrequency.MelToHz(melMin + (melMax - melMin) * i / (p.NMels + 1), p.MelScale);

        var filters = ImmutableArray.CreateBuilder<MelFilter>(p.NMels);
        for (int m = 0; m < p.NMels; m++)
        {
            double lo = edges[m], mid = edges[m + 1], hi = edges[m + 2];
            double scale = p.MelNorm == MelNorm.Slaney ? 2.0 / (hi - lo) : 1.0; // equal-area (Slaney) norm
            int first = -1;
            var weights = ImmutableArray.CreateBuilder<double>();
            for (int k = 0; k < bins; k++)
            {
                double hz = nyquist * k / (bins - 1);
                double w = Math.Max(0.0, Math.Min((hz - lo) / (mid - lo), (hi - hz) / (hi - mid)));
                if (w <= 0.0) { if (first >= 0) break; continue; } // a triangle's support is one contiguous run
                if (first < 0) first = k;
                weights.Add(w * scale);
            }
            filters.Add(new MelFilter(Math.Max(first, 0), weights.ToImmutable()));
        }
        return new MelFilterbank(bins, filters.MoveToImmutable());
    }

    /// <summary>Kaldi's filters: n_mels + 2 edges equally spaced in mel (1127·ln(1 + f/700), the HTK scale in other
    /// units, so the same triangles) between f_min and f_max; bin k &lt; n_fft/2 at k·sr/n_fft Hz weighs
    /// max(0, min(up, down)) with both slopes linear in mel; the Nyquist bin weighs nothing.</summary>
    static MelFilterbank Kaldi(FeatureParams p)
    {
        double melLow = MelFrequency.HzToMel(p.FMin, MelScale.Htk), melHigh = MelFrequency.HzToMel(p.EffectiveFMax, MelScale.Htk);
        double delta = (melHigh - melLow) / (p.NMels + 1), binHz = (double)p.SampleRate / p.NFft;
        var filters = ImmutableArray.CreateBuilder<MelFilter>(p.NMels);
        for (int m = 0; m < p.NMels; m++)
        {
            double left = melLow + m * delta, center = melLow + (m + 1) * delta, right = melLow + (m + 2) * delta;
            int first = -1;
            var weights = ImmutableArray.CreateBuilder<double>();
            for (int k = 0; k < p.NFft / 2; k++)
            {
                double mel = MelFrequency.HzToMel(binHz * k, MelScale.Htk);
                double w = Math.Max(0.0, Math.Min((mel - left) / (center - left), (right - mel) / (right - center)));
                if (w <= 0.0) { if (first >= 0) break; continue; }
                if (first < 0) first = k;
                weights.Add(w);
            }
            filters.Add(new MelFilter(Math.Max(first, 0), weights.ToImmutable()));
        }
        return new MelFilterbank(p.Bins, filters.MoveToImmutable());
    }

    /// <summary>Dense weights, row-major [mel, bin] (the transpose of torchaudio's fb).</summary>
    public double[] ToDense()
    {
        var dense = new double[NMels * Bins];
        for (int m = 0; m < NMels; m++)
            for (int j = 0; j < Filters[m].Count; j++)
                dense[m * Bins + Filters[m].FirstBin + j] = Filters[m].Weights[j];
        return dense;
    }
}
