using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Plots;

/// <summary>The pointwise bootstrap band of a ROC curve: the patients are resampled (<see cref="ClusterBootstrap"/>),
/// each resample's curve is read at fixed false-positive rates (vertical averaging, the higher point on a vertical
/// step), and the band is the percentile interval of the true-positive rates at each. Resamples holding a single
/// class are skipped; no band (null) when fewer than half of them hold both classes.</summary>
public sealed record RocBand(double[] FalsePositiveRate, double[] Lower, double[] Upper)
{
    public static RocBand? Compute<T>(IReadOnlyList<T> rows, Func<T, string> patient, Func<T, bool> label, Func<T, double> score,
        BootstrapParams p, int points = 101)
    {
        var grid = Enumerable.Range(0, points).Select(i => (double)i / (points - 1)).ToArray();
        var columns = grid.Select(_ => new List<double>(p.Resamples)).ToArray();
        int defined = 0;
        foreach (var resample in ClusterBootstrap.Resamples(rows, patient, p.Resamples, p.Seed))
        {
            var labels = resample.Select(label).ToArray();
            if (labels.All(l => l) || labels.All(l => !l)) continue;
            defined++;
            var curve = RocCurve.Compute(resample.Select(score).ToArray(), labels);
            var sampled = TruePositiveRates(curve, grid);
            for (int i = 0; i < grid.Length; i++) columns[i].Add(sampled[i]);
        }
        if (defined == 0 || defined < p.MinDefinedFraction * p.Resamples) return null;
        double alpha = 1 - p.Confidence;
        var lower = new double[grid.Length];
        var upper = new double[grid.Length];
        for (int i = 0; i < grid.Length; i++)
        {
            columns[i].Sort();
            lower[i] = ClusterBootstrap.Quantile(columns[i], alpha / 2);
            upper[i] = ClusterBootstrap.Quantile(columns[i], 1 - alpha / 2);
        }
        return new RocBand(grid, lower, upper);
    }

    /// <summary>The curve's true-positive rate at each of the ascending false-positive rates <paramref name="grid"/>:
    /// linear between points, the highest at a vertical step. One walk along the curve (its rates ascend too).</summary>
    public static double[] TruePositiveRates(RocCurve curve, IReadOnlyList<double> grid)
    {
        var f = curve.FalsePositiveRate;
        var t = curve.TruePositiveRate;
        var result = new double[grid.Count];
        int i = 0;
        for (int g = 0; g < grid.Count; g++)
        {
            double x = grid[g];
            while (i + 1 < f.Length && f[i + 1] < x) i++;                   // f[i] < x ≤ f[i+1], or the last point
            if (i + 1 < f.Length && f[i + 1] == x)
            {
                int j = i + 1;
                while (j + 1 < f.Length && f[j + 1] == x) j++;              // the top of a vertical step at x
                result[g] = t[j];
            }
            else if (f[i] == x) result[g] = t[i];
            else if (i + 1 < f.Length && f[i] < x) result[g] = t[i] + (t[i + 1] - t[i]) * (x - f[i]) / (f[i + 1] - f[i]);
            else result[g] = t[i];
        }
        return result;
    }
}
