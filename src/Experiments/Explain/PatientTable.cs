using DataflowLung.Pipeline.Metrics;
using System.Globalization;
using System.Text;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Explain;

/// <summary>The original's per-patient report for one output, from the rows of predictions.csv: per patient its
/// status (the patient-level prediction at 0.5 against its truth, under the job's patient rule), recordings, chunks
/// by outcome (TN/FN/FP/TP), mean chunk probability and patient score; then totals.</summary>
public static class PatientTable
{
    public static IReadOnlyList<PatientRow> Rows(IReadOnlyList<PredictionRow> rows, int output)
    {
        var chunks = rows.Where(r => r.Level == PredictionLevel.Chunk).ToLookup(r => (r.Dataset, r.Patient));
        return rows.Where(r => r.Level == PredictionLevel.Patient)
            .OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Patient, StringComparer.Ordinal)
            .Select(p =>
            {
                var own = chunks[(p.Dataset, p.Patient)].ToArray();
                int Count(ChunkOutcomeKind k) => own.Count(c => ChunkOutcomeKinds.Of((float)c.Labels[output], (float)c.Probabilities[output]) == k);
                return new PatientRow(p.Dataset, p.Patient, ChunkOutcomeKinds.Of((float)p.Labels[output], (float)p.Probabilities[output]).ToString(),
                    own.Select(c => c.Recording).Distinct(StringComparer.Ordinal).Count(),
                    Count(ChunkOutcomeKind.TN), Count(ChunkOutcomeKind.FN), Count(ChunkOutcomeKind.FP), Count(ChunkOutcomeKind.TP),
                    own.Length == 0 ? double.NaN : own.Average(c => c.Probabilities[output]), p.Probabilities[output]);
            })
            .ToArray();
    }

    /// <summary>patients.csv: one line per patient, then a totals line (patients per status in the status column).</summary>
    public static string Csv(IReadOnlyList<PatientRow> rows)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "";
        var csv = new StringBuilder("patient_id,status,recordings,tn,fn,fp,tp,mean_score,patient_score\n");
        foreach (var r in rows)
            csv.Append(string.Join(",", Quote($"{r.Dataset}:{r.Patient}"), r.Status, r.Recordings, r.TN, r.FN, r.FP, r.TP, F(r.MeanScore), F(r.PatientScore))).Append('\n');
        var t = Totals(rows);
        csv.Append(string.Join(",", "total", Quote(StatusCounts(rows)), t.Recordings, t.TN, t.FN, t.FP, t.TP, F(t.MeanScore), "")).Append('\n');
        return csv.ToString();
    }

    /// <summary>Sums of the counts; the mean score over all chunks.</summary>
    public static PatientRow Totals(IReadOnlyList<PatientRow> rows)
    {
        int chunks = rows.Sum(r => r.TN + r.FN + r.FP + r.TP);
        double weighted = rows.Where(r => double.IsFinite(r.MeanScore)).Sum(r => r.MeanScore * (r.TN + r.FN + r.FP + r.TP));
        return new PatientRow("", "total", StatusCounts(rows), rows.Sum(r => r.Recordings), rows.Sum(r => r.TN), rows.Sum(r => r.FN),
            rows.Sum(r => r.FP), rows.Sum(r => r.TP), chunks == 0 ? double.NaN : weighted / chunks, double.NaN);
    }

    public static string StatusCounts(IReadOnlyList<PatientRow> rows) =>
        string.Join(" ", new[] { "TP", "FN", "FP", "TN" }.Select(s => $"{s} {rows.Count(r => r.Status == s)}"));

    static string Quote(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
