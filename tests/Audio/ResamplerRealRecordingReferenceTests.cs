using System.Numerics;
using DataflowLung.Kernels.Fourier;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Audio;

/// <summary>The production resampler against a slow, sharper reference design (direct double-precision
/// Kaiser sinc, twice the length, ~117 dB stop band) on one second of real recordings: energy and magnitude
/// spectrum agree to 1e-3 relative (measured: energy ≈ 1e-5, spectrum ≤ 1.3e-4).</summary>
public class ResamplerRealRecordingReferenceTests
{
    const int ReferenceZeroCrossings = 128;
    const double ReferenceBeta = 12.0;

    [SkippableTheory]
    [InlineData("respanno-44k/001_orig.wav", 8000)]               // 44.1 kHz 24-bit → 8 kHz, the common case
    [InlineData("icbhi/102_1b1_Ar_sc_Meditron.wav", 4000)]        // 44.1 kHz 16-bit → 4 kHz
    [InlineData("jordan/BP12_Asthma,E W,P L L,50,F.wav", 8000)]   // 4 kHz → 8 kHz upsampling
    public void Energy_and_spectrum_match_a_direct_sinc_reference(string relative, int toRate)
    {
        Skip.If(TestData.Root is null, TestData.SkipReason);
        var signal = WavReader.Read(Path.Combine(TestData.Root, relative)).Match(Succ: s => s, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
        int from = signal.SampleRate;
        var excerpt = signal.Samples.AsSpan(2 * from, from); // one second, two seconds in

        var fast = Resampler.Resample(excerpt, from, toRate);
        var reference = DirectSincReference.Resample(excerpt, from, toRate, ReferenceZeroCrossings, ReferenceBeta, ResamplerQuality.Default.Cutoff);
        Assert.Equal(reference.Length, fast.Length);

        double energy = fast.Sum(v => (double)v * v), referenceEnergy = reference.Sum(v => v * v);
        double energyError = Math.Abs(energy - referenceEnergy) / referenceEnergy;
        var spectrum = Magnitudes(fast.Select(v => (double)v).ToArray());
        var referenceSpectrum = Magnitudes(reference);
        double diff = 0, norm = 0;
        for (int i = 0; i < spectrum.Length; i++) { diff += Math.Pow(spectrum[i] - referenceSpectrum[i], 2); norm += referenceSpectrum[i] * referenceSpectrum[i]; }
        double spectrumError = Math.Sqrt(diff / norm);

        Assert.True(energyError < 1e-3, $"energy relative error {energyError:E2}");
        Assert.True(spectrumError < 1e-3, $"spectrum relative error {spectrumError:E2}");
    }

    static double[] Magnitudes(double[] x)
    {
        int n = 1;
        while (n < x.Length) n <<= 1;
        var data = new Complex[n];
        for (int i = 0; i < x.Length; i++) data[i] = x[i];
        ComplexFft.Forward(data);
        return data.Take(n / 2 + 1).Select(c => c.Magnitude).ToArray();
    }
}
