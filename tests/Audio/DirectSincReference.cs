namespace DataflowLung.Tests.Audio;

/// <summary>Slow, high-precision reference resampler for the tests: every output sample is a direct double
/// sum of a Kaiser-windowed sinc evaluated at its exact distance from every input sample in reach
/// (no tables, no phases, no normalisation). Written independently of the production polyphase code.</summary>
internal static class DirectSincReference
{
    public static double[] Resample(ReadOnlySpan<float> x, int from, int to, int zeroCrossings, double beta, double cutoff)
    {
        double rho = cutoff * Math.Min(1.0, (double)to / from);
        double halfWidth = zeroCrossings / rho;
        double i0Beta = I0(beta);
        long n = (long)Math.Floor((decimal)x.Length * to / from + 0.5m);
        var y = new double[n];
        for (long k = 0; k < n; k++)
        {
            double t = (double)k * from / to; // exact enough: k·from/to in input samples
            long lo = Math.Max(0, (long)Math.Ceiling(t - halfWidth)), hi = Math.Min(x.Length - 1, (long)Math.Floor(t + halfWidth));
            double sum = 0;
            for (long j = lo; j <= hi; j++)
            {
                double d = t - j, u = d / halfWidth;
                if (Math.Abs(u) >= 1) continue;
                double arg = Math.PI * rho * d;
                double sinc = d == 0 ? 1 : Math.Sin(arg) / arg;
                sum += x[(int)j] * rho * sinc * I0(beta * Math.Sqrt(1 - u * u)) / i0Beta;
            }
            y[k] = sum;
        }
        return y;
    }

    static double I0(double x)
    {
        // Power series, summed until the terms stop mattering in double precision.
        double sum = 1, term = 1;
        for (int k = 1; k < 1000; k++)
        {
            term *= x * x / (4.0 * k * k);
            sum += term;
            if (term < 1e-18 * sum) break;
        }
        return sum;
    }
}
