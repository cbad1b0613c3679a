using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Compare;

/// <summary>A paired patient-bootstrap test of the AUC difference B − A of two jobs that scored the same patients:
/// each resample draws the shared patients with replacement (<see cref="ClusterBootstrap"/>) and takes both jobs' rows
/// of the drawn patients, so the two AUCs move together and their correlation is kept. The interval is the percentile
/// interval of the resampled differences; the two-sided p-value tests "no difference" by the shifted bootstrap
/// (the resampled differences centred on zero): p = (1 + #{|d* − d| ≥ |d|}) / (1 + B), so it is never 0.
/// With several outputs the AUC is the mean of each output's one-against-the-rest AUC (macro).</summary>
public static class PairedAucTest
{
    public sealed record Result(double? AucA, double? AucB, double? Difference, MetricInterval Interval, double? PValue,
        int SharedPatients, int OnlyA, int OnlyB, string? Reason);

    public static double? Auc(IReadOnlyList<PredictionRow> rows)
    {
        if (rows.Count == 0) return null;
        var outputs = rows[0].Probabilities.Length;
        var aucs = Enumerable.Range(0, outputs)
            .Select(o => Ranking.RocAuc(rows.Select(r => r.Labels[o] >= 0.5).ToArray(), rows.Select(r => r.Probabilities[o]).ToArray()))
            .ToArray();
        return aucs.All(a => a is not null) ? aucs.Average(a => a!.Value) : null;
    }

    static string Key(PredictionRow r) => $"{r.Level}|{r.PatientKey}|{r.Name}";

    static bool[] Truth(PredictionRow r) => r.Labels.Select(l => l >= 0.5).ToArray();

    /// <summary>The test on the rows of one level of each job, restricted to the patients both scored; null
    /// values and <see cref="Result.Reason"/> when it cannot be made (no shared patient, or a patient whose truth differs).</summary>
    public static Result Test(IReadOnlyList<PredictionRow> a, IReadOnlyList<PredictionRow> b, BootstrapParams p)
    {
        var pa = a.Select(r => r.PatientKey).ToHashSet(StringComparer.Ordinal);
        var pb = b.Select(r => r.PatientKey).ToHashSet(StringComparer.Ordinal);
        var shared = pa.Intersect(pb, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        int onlyA = pa.Count - shared.Count, onlyB = pb.Count - shared.Count;
        Result Refused(string why) => new(Auc(a), Auc(b), null, new MetricInterval(null, null, null, p.Confidence, shared.Count, 0, 0, 0, why), null, shared.Count, onlyA, onlyB, why);
        if (shared.Count == 0) return Refused("the two jobs scored no patient in common");
        if (a.Count == 0 || b.Count == 0 || a[0].Labels.Length != b[0].Labels.Length) return Refused("the two jobs have different outputs");
        // The same row (level, patient, name) must carry the same truth in both jobs; rows only one job has are fine.
        var truth = a.Where(r => shared.Contains(r.PatientKey)).GroupBy(Key).ToDictionary(g => g.Key, g => Truth(g.First()));
        var differs = b.Where(r => shared.Contains(r.PatientKey))
            .FirstOrDefault(r => truth.TryGetValue(Key(r), out var t) && !t.SequenceEqual(Truth(r)));
        if (differs is not null) return Refused($"{differs.Name} (patient {differs.PatientKey}) has a different truth in the two jobs");

        var rows = a.Where(r => shared.Contains(r.PatientKey)).Select(r => (Job: 0, Row: r))
            .Concat(b.Where(r => shared.Contains(r.PatientKey)).Select(r => (Job: 1, Row: r))).ToList();
        double? Diff(IReadOnlyList<(int Job, PredictionRow Row)> drawn) =>
            Auc(drawn.Where(x => x.Job == 1).Select(x => x.Row).ToList()) is { } ab && Auc(drawn.Where(x => x.Job == 0).Select(x => x.Row).ToList()) is { } aa ? ab - aa : null;
        var interval = ClusterBootstrap.Interval(rows, x => x.Row.PatientKey, Diff, p);
        double? pValue = null;
        if (interval.Value is { } d && interval.Low is not null)
        {
            var draws = ClusterBootstrap.Resamples(rows, x => x.Row.PatientKey, p.Resamples, p.Seed).Select(Diff).Where(x => x is { } v && double.IsFinite(v)).Select(x => x!.Value).ToList();
            var extreme = draws.Count(x => Math.Abs(x - d) >= Math.Abs(d) - 1e-12);
            pValue = (1.0 + extreme) / (1.0 + draws.Count);
        }
        var shA = a.Where(r => shared.Contains(r.PatientKey)).ToList();
        var shB = b.Where(r => shared.Contains(r.PatientKey)).ToList();
        return new Result(Auc(shA), Auc(shB), interval.Value, interval, pValue, shared.Count, onlyA, onlyB, interval.Reason);
    }
}
