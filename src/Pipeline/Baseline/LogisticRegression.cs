namespace DataflowLung.Pipeline.Baseline;

/// <summary>A weighted, L2-regularised logistic regression in float64, fitted full-batch by L-BFGS (a convex problem,
/// so the optimum is unique and the fit deterministic). <see cref="Softmax"/>: one multinomial model over exclusive
/// classes (labels may be soft shares); otherwise one independent sigmoid per output (multi-label). Minimises
/// Σᵢ wᵢ·ℓᵢ / Σᵢ wᵢ + λ/2·‖W‖² (the intercepts are not penalised); with unit weights this is scikit-learn's
/// objective at C = 1/(λ·n). Written here because it is small and a served solver would add a dependency for 100 lines.</summary>
public sealed record LogisticRegression(double[,] Weights, double[] Intercepts, bool Softmax, double Lambda, int Iterations)
{
    public int Outputs => Intercepts.Length;

    /// <summary>Fits <paramref name="x"/> (n × d) to <paramref name="y"/> (n × k, hard or soft labels) with per-sample weights.</summary>
    public static LogisticRegression Fit(double[][] x, double[][] y, double[] w, bool softmax, double lambda, int maxIterations = 500, double tolerance = 1e-9)
    {
        if (x.Length == 0) throw new ArgumentException("no samples", nameof(x));
        if (y.Length != x.Length || w.Length != x.Length) throw new ArgumentException("x, y and w must have one row per sample");
        int d = x[0].Length, k = y[0].Length;
        double total = w.Sum();
        if (!(total > 0)) throw new ArgumentException("the sample weights sum to zero", nameof(w));
        var theta = new double[k * (d + 1)]; // row-major: output o holds d weights then its intercept
        double Objective(double[] t, double[]? grad) => Loss(x, y, w, total, t, d, k, softmax, lambda, grad);
        int iterations = Lbfgs(Objective, theta, maxIterations, tolerance);
        var weights = new double[k, d];
        var intercepts = new double[k];
        for (int o = 0; o < k; o++)
        {
            for (int j = 0; j < d; j++) weights[o, j] = theta[o * (d + 1) + j];
            intercepts[o] = theta[o * (d + 1) + d];
        }
        return new LogisticRegression(weights, intercepts, softmax, lambda, iterations);
    }

    /// <summary>The probabilities of one sample: softmax over the classes, or each output's sigmoid.</summary>
    public double[] Predict(ReadOnlySpan<double> x)
    {
        int k = Outputs, d = Weights.GetLength(1);
        var z = new double[k];
        for (int o = 0; o < k; o++)
        {
            double s = Intercepts[o];
            for (int j = 0; j < d; j++) s += Weights[o, j] * x[j];
            z[o] = s;
        }
        Activate(z, Softmax);
        return z;
    }

    private static void Activate(double[] z, bool softmax)
    {
        if (softmax)
        {
            double max = z.Max(), sum = 0;
            for (int o = 0; o < z.Length; o++) sum += z[o] = Math.Exp(z[o] - max);
            for (int o = 0; o < z.Length; o++) z[o] /= sum;
        }
        else
            for (int o = 0; o < z.Length; o++) z[o] = 1 / (1 + Math.Exp(-z[o]));
    }

    /// <summary>The objective and (into <paramref name="grad"/>) its gradient. Both the softmax and the sigmoid
    /// cross-entropy have gradient (p − y)·x per output, which keeps one code path.</summary>
    private static double Loss(double[][] x, double[][] y, double[] w, double total, double[] t, int d, int k, bool softmax, double lambda, double[]? grad)
    {
        if (grad is not null) Array.Clear(grad);
        double loss = 0;
        var z = new double[k];
        for (int i = 0; i < x.Length; i++)
        {
            var xi = x[i];
            for (int o = 0; o < k; o++)
            {
                double s = t[o * (d + 1) + d];
                for (int j = 0; j < d; j++) s += t[o * (d + 1) + j] * xi[j];
                z[o] = s;
            }
            double wi = w[i] / total;
            if (softmax)
            {
                double max = z.Max(), sum = 0;
                for (int o = 0; o < k; o++) sum += Math.Exp(z[o] - max);
                double logSum = max + Math.Log(sum);
                for (int o = 0; o < k; o++) loss -= wi * y[i][o] * (z[o] - logSum);
                for (int o = 0; o < k; o++) z[o] = Math.Exp(z[o] - logSum);
            }
            else
                for (int o = 0; o < k; o++)
                {
                    // log(1 + e^z) − y·z, stable for large |z|
                    double softplus = z[o] > 0 ? z[o] + Math.Log(1 + Math.Exp(-z[o])) : Math.Log(1 + Math.Exp(z[o]));
                    loss += wi * (softplus - y[i][o] * z[o]);
                    z[o] = 1 / (1 + Math.Exp(-z[o]));
                }
            if (grad is null) continue;
            for (int o = 0; o < k; o++)
            {
                double r = wi * (z[o] - y[i][o]);
                if (r == 0) continue;
                for (int j = 0; j < d; j++) grad[o * (d + 1) + j] += r * xi[j];
                grad[o * (d + 1) + d] += r;
            }
        }
        for (int o = 0; o < k; o++)
            for (int j = 0; j < d; j++)
            {
                double v = t[o * (d + 1) + j];
                loss += 0.5 * lambda * v * v;
                if (grad is not null) grad[o * (d + 1) + j] += lambda * v;
            }
        return loss;
    }

    /// <summary>Limited-memory BFGS (10 pairs) with a backtracking Armijo line search; stops when the gradient's
    /// largest component is below <paramref name="tolerance"/> or the objective stops falling. Returns the iterations.</summary>
    private static int Lbfgs(Func<double[], double[]?, double> f, double[] x, int maxIterations, double tolerance, int memory = 10)
    {
        int n = x.Length;
        var g = new double[n];
        double fx = f(x, g);
        var s = new List<double[]>();
        var yv = new List<double[]>();
        var rho = new List<double>();
        var alpha = new double[memory];
        var xNew = new double[n];
        var gNew = new double[n];
        int it = 0;
        for (; it < maxIterations; it++)
        {
            if (MaxAbs(g) < tolerance) break;
            // two-loop recursion: direction = −H·g
            var q = (double[])g.Clone();
            for (int m = s.Count - 1; m >= 0; m--)
            {
                alpha[m] = rho[m] * Dot(s[m], q);
                Axpy(-alpha[m], yv[m], q);
            }
            double gamma = s.Count > 0 ? Dot(s[^1], yv[^1]) / Dot(yv[^1], yv[^1]) : 1 / Math.Max(1, Math.Sqrt(Dot(g, g)));
            for (int i = 0; i < n; i++) q[i] *= gamma;
            for (int m = 0; m < s.Count; m++)
            {
                double beta = rho[m] * Dot(yv[m], q);
                Axpy(alpha[m] - beta, s[m], q);
            }
            for (int i = 0; i < n; i++) q[i] = -q[i];
            double slope = Dot(g, q);
            if (slope >= 0) { for (int i = 0; i < n; i++) q[i] = -g[i]; slope = -Dot(g, g); s.Clear(); yv.Clear(); rho.Clear(); }
            double step = 1, fNew;
            while (true)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * q[i];
                fNew = f(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || step < 1e-12) break;
                step *= 0.5;
            }
            if (step < 1e-12) break;
            var sk = new double[n];
            var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            double sy = Dot(sk, yk);
            if (sy > 1e-12)
            {
                if (s.Count == memory) { s.RemoveAt(0); yv.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); yv.Add(yk); rho.Add(1 / sy);
            }
            bool flat = Math.Abs(fx - fNew) <= 1e-15 * Math.Max(1, Math.Abs(fx));
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            fx = fNew;
            if (flat) { it++; break; }
        }
        return it;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : v.Max(Math.Abs);
}
