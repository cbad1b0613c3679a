using DataflowLung.Kernels;
using DataflowLung.Tests.Kernels.Support;
using FsCheck;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Kernels;

public class MelFilterbankTests
{
    // torchaudio builds its filterbank in float32 (mel values near 2000 carry ~1e-4 mel of rounding), so
    // weights agree to a few 1e-5, not to double precision; our filterbank is computed in double.
    const double Tolerance = 3e-5;

    [Fact]
    public void Default_htk_filterbank_equals_torchaudio_melscale_fbanks()
    {
        var bank = MelFilterbank.Create(FeatureParams.Default);
        Closeness.AssertClose(bank.ToDense().Select(v => (float)v).ToArray(), KernelFixtures.Dense("fb_htk.csv", 128, 513), Tolerance, "htk fb");
    }

    [Fact]
    public void Slaney_filterbank_with_slaney_norm_equals_torchaudio_and_librosa()
    {
        var p = FeatureParams.Default with { MelScale = MelScale.Slaney, MelNorm = MelNorm.Slaney };
        Closeness.AssertClose(MelFilterbank.Create(p).ToDense().Select(v => (float)v).ToArray(), KernelFixtures.Dense("fb_slaney.csv", 128, 513), Tolerance, "slaney fb");
    }

    [Fact]
    public void Kaldi_filterbank_equals_torchaudio_compliance_kaldi_mel_banks()
    {
        var bank = MelFilterbank.Create(FeatureParams.Kaldi);
        Assert.Equal(257, bank.Bins);
        Assert.All(bank.Filters, f => Assert.True(f.FirstBin + f.Count <= 256, "the Nyquist bin weighs nothing"));
        Closeness.AssertClose(bank.ToDense().Select(v => (float)v).ToArray(), KernelFixtures.Dense("fb_kaldi.csv", 128, 257), Tolerance, "kaldi fb");
    }

    [Property(MaxTest = 60)]
    public bool Kaldi_filters_are_triangles_in_mel_peaking_at_most_one(PositiveInt mels, byte fftExponent, NonNegativeInt fMinHz)
    {
        int nFft = 1 << (7 + fftExponent % 5);
        var p = FeatureParams.Kaldi with { NFft = nFft, WinLength = nFft, NMels = 4 + mels.Get % 60, FMin = fMinHz.Get % 2000 };
        var bank = MelFilterbank.Create(p);
        // Adjacent Kaldi triangles overlap so that the weights of a bin inside the band sum to 1.
        double lowMel = MelFrequency.HzToMel(p.FMin, MelScale.Htk), highMel = MelFrequency.HzToMel(p.EffectiveFMax, MelScale.Htk);
        double delta = (highMel - lowMel) / (p.NMels + 1);
        var dense = bank.ToDense();
        bool partition = Enumerable.Range(0, nFft / 2).All(k =>
        {
            double mel = MelFrequency.HzToMel((double)k * p.SampleRate / nFft, MelScale.Htk);
            if (mel <= lowMel + delta || mel >= highMel - delta) return true; // the outer half-triangles have no partner
            double sum = Enumerable.Range(0, p.NMels).Sum(m => dense[m * bank.Bins + k]);
            return Math.Abs(sum - 1) < 1e-9;
        });
        return partition && bank.Filters.All(f => f.Weights.All(w => w > 0 && w <= 1.0 + 1e-12) && f.FirstBin + f.Count <= nFft / 2);
    }

    [Property(MaxTest = 60)]
    public bool Filters_are_contiguous_triangles_peaking_at_most_one(PositiveInt mels, bool slaney, byte fftExponent, NonNegativeInt fMinHz)
    {
        int nFft = 1 << (6 + fftExponent % 6);
        var p = FeatureParams.Default with
        {
            NFft = nFft, NMels = 1 + mels.Get % 200, FMin = fMinHz.Get % 3000,
            MelScale = slaney ? MelScale.Slaney : MelScale.Htk,
        };
        var bank = MelFilterbank.Create(p);
        return bank.NMels == p.NMels && bank.Bins == nFft / 2 + 1
            && bank.Filters.All(f => f.Weights.All(w => w > 0 && w <= 1.0 + 1e-12) && f.FirstBin + f.Count <= bank.Bins);
    }

    [Property(MaxTest = 200)]
    public bool Hz_to_mel_and_back_is_the_identity(NonNegativeInt hz, bool slaney)
    {
        var scale = slaney ? MelScale.Slaney : MelScale.Htk;
        double f = hz.Get % 48000 + 0.25;
        return Math.Abs(MelFrequency.MelToHz(MelFrequency.HzToMel(f, scale), scale) - f) < 1e-9 * Math.Max(1, f);
    }

    [Fact]
    public void Mel_scales_have_their_textbook_anchor_points()
    {
        Assert.Equal(1000.0, MelFrequency.HzToMel(1000.0, MelScale.Htk), 0.1); // 2595·log10(1 + 1000/700) ≈ 1000 mel
        Assert.Equal(15.0, MelFrequency.HzToMel(1000.0, MelScale.Slaney), 12); // linear part ends at 1 kHz = 15 mel
        Assert.Equal(3.0, MelFrequency.HzToMel(200.0, MelScale.Slaney), 12);
    }
}
