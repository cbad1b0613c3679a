using System.Numerics;

namespace DataflowLung.Kernels.Fourier;

/// <summary>Textbook in-place radix-2 complex FFT in double precision. Small and obviously correct:
/// the reference for the fast kernels and the engine of the phase vocoder. Not the hot path.</summary>
public static class ComplexFft
{
    /// <summary>Forward DFT: X[k] = Σ x[n]·e^(−2πi·kn/N). N must be a power of two.</summary>
    public static void Forward(Span<Complex> data) => Transform(data, inverse: false);

    /// <summary>Inverse DFT including the 1/N factor, so Inverse(Forward(x)) = x.</summary>
    public static void Inverse(Span<Complex> data)
    {
        Transform(data, inverse: true);
        double scale = 1.0 / data.Length;
        for (int i = 0; i < data.Length; i++) data[i] *= scale;
    }

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    static void Transform(Span<Complex> data, bool inverse)
    {
        int n = data.Length;
        if (!IsPowerOfTwo(n)) throw new ArgumentException($"FFT length {n} is not a power of two", nameof(data));

        for (int i = 1, j = 0; i < n; i++) // bit-reversal permutation
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (data[i], data[j]) = (data[j], data[i]);
        }

        double sign = inverse ? 1.0 : -1.0;
        for (int len = 2; len <= n; len <<= 1)
        {
            double angle = sign * 2.0 * Math.PI / len;
            for (int start = 0; start < n; start += len)
            {
                for (int k = 0; k < len / 2; k++)
                {
                    // Twiddles computed directly (not by recurrence) to keep double-precision accuracy.
                    var w = Complex.FromPolarCoordinates(1.0, angle * k);
                    var a = data[start + k];
                    var b = data[start + k + len / 2] * w;
                    data[start + k] = a + b;
                    data[start + k + len / 2] = a - b;
                }
            }
        }
    }
}
