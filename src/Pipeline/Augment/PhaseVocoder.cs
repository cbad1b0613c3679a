using System.Numerics;
using DataflowLung.Kernels.Fourier;

namespace DataflowLung.Pipeline.Augment;

/// <summary>librosa's STFT → phase vocoder → ISTFT chain (centred frames with zero padding, periodic Hann
/// window, overlap-add normalised by the summed squared window). Spectra are stored flat,
/// <c>[frame * bins + bin]</c>, so one call allocates a handful of arrays, not one per frame.</summary>
internal static class PhaseVocoder
{
    /// <summary>Periodic Hann (scipy's <c>get_window('hann', n, fftbins=True)</c>), as librosa uses.</summary>
    internal static double[] Hann(int n)
    {
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / n);
        return w;
    }

    /// <summary>Centred STFT: the signal is zero-padded by n_fft/2 on both sides, 1 + len/hop frames.
    /// Two real frames share one complex FFT (frame f in the real part, f + 1 in the imaginary part),
    /// separated afterwards by conjugate symmetry: half the transforms.</summary>
    internal static Complex[] Stft(ReadOnlySpan<float> x, int nFft, int hop, double[] window, out int frames)
    {
        int bins = nFft / 2 + 1, half = nFft / 2;
        frames = 1 + x.Length / hop;
        var spectra = new Complex[frames * bins];
        var buffer = new Complex[nFft];
        for (int f = 0; f < frames; f += 2)
        {
            bool pair = f + 1 < frames;
            int start = f * hop - half, next = start + hop;
            for (int i = 0; i < nFft; i++)
            {
                int s = start + i, t = next + i;
                double re = s >= 0 && s < x.Length ? x[s] * window[i] : 0.0;
                double im = pair && t >= 0 && t < x.Length ? x[t] * window[i] : 0.0;
                buffer[i] = new Complex(re, im);
            }
            ComplexFft.Forward(buffer);
            for (int k = 0; k < bins; k++)
            {
                Complex z = buffer[k], zMirror = Complex.Conjugate(buffer[(nFft - k) & (nFft - 1)]);
                spectra[f * bins + k] = (z + zMirror) * 0.5;
                if (pair) spectra[(f + 1) * bins + k] = (z - zMirror) * new Complex(0, -0.5);
            }
        }
        return spectra;
    }

    /// <summary>Phase vocoder as librosa defines it: output frame t reads the input at fractional frame
    /// t·rate, magnitude linearly interpolated between the two neighbouring frames, phase accumulated from
    /// the expected advance plus the measured, wrapped deviation.</summary>
    internal static Complex[] Stretch(Complex[] spectra, int frames, int nFft, int hop, double rate, out int outFrames)
    {
        int bins = nFft / 2 + 1;
        outFrames = (int)Math.Ceiling(frames / rate);
        var result = new Complex[outFrames * bins];
        var phase = new double[bins];
        for (int k = 0; k < bins; k++) phase[k] = spectra[k].Phase;

        // A column past the end reads as zeros (librosa pads two zero frames).
        Complex At(int frame, int bin) => frame < frames ? spectra[frame * bins + bin] : Complex.Zero;

        for (int t = 0; t < outFrames; t++)
        {
            double step = t * rate;
            int left = (int)step;
            double alpha = step - left;
            for (int k = 0; k < bins; k++)
            {
                Complex a = At(left, k), b = At(left + 1, k);
                double magnitude = (1.0 - alpha) * a.Magnitude + alpha * b.Magnitude;
                result[t * bins + k] = Complex.FromPolarCoordinates(magnitude, phase[k]);

                double expected = 2.0 * Math.PI * hop * k / nFft;
                double deviation = b.Phase - a.Phase - expected;
                deviation -= 2.0 * Math.PI * Math.Round(deviation / (2.0 * Math.PI), MidpointRounding.ToEven);
                phase[k] += expected + deviation;
            }
        }
        return result;
    }

    /// <summary>Inverse of <see cref="Stft"/>: real inverse FFT per frame (imaginary parts of DC and
    /// Nyquist ignored, as irfft does), windowed overlap-add divided by the summed squared window, centre
    /// padding removed, then cropped or zero-padded to <paramref name="length"/> samples.</summary>
    internal static float[] Istft(Complex[] spectra, int frames, int nFft, int hop, double[] window, int length)
    {
        int bins = nFft / 2 + 1, half = nFft / 2;
        int span = nFft + hop * (frames - 1);
        var sum = new double[span];
        var weight = new double[span];
        var buffer = new Complex[nFft];
        // Two frames per inverse FFT: spectrum A + i·B transforms to a + i·b when a and b are real.
        for (int f = 0; f < frames; f += 2)
        {
            bool pair = f + 1 < frames;
            var a = spectra.AsSpan(f * bins, bins);
            int second = (f + 1) * bins;
            Complex B(int k) => pair ? spectra[second + k] : Complex.Zero;
            buffer[0] = new Complex(a[0].Real, B(0).Real);
            buffer[half] = new Complex(a[half].Real, B(half).Real);
            for (int k = 1; k < half; k++)
            {
                buffer[k] = a[k] + Complex.ImaginaryOne * B(k);
                buffer[nFft - k] = Complex.Conjugate(a[k]) + Complex.ImaginaryOne * Complex.Conjugate(B(k));
            }
            ComplexFft.Inverse(buffer);
            for (int j = 0; j < (pair ? 2 : 1); j++)
            {
                int offset = (f + j) * hop;
                for (int i = 0; i < nFft; i++)
                {
                    double value = j == 0 ? buffer[i].Real : buffer[i].Imaginary;
                    sum[offset + i] += value * window[i];
                    weight[offset + i] += window[i] * window[i];
                }
            }
        }

        var y = new float[length];
        int available = Math.Min(length, span - half);
        for (int i = 0; i < available; i++)
        {
            double w = weight[half + i];
            y[i] = (float)(w > 1e-30 ? sum[half + i] / w : sum[half + i]);
        }
        return y;
    }
}
