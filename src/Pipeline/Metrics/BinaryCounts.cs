namespace DataflowLung.Pipeline.Metrics;

/// <summary>A binary confusion matrix as counts.</summary>
public sealed record BinaryCounts(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Positives => TruePositives + FalseNegatives;
    public int Negatives => TrueNegatives + FalsePositives;
    public int Total => Positives + Negatives;

    /// <summary>Rows are the true class, columns the predicted one: [[TN, FP], [FN, TP]].</summary>
    public int[][] Matrix => [[TrueNegatives, FalsePositives], [FalseNegatives, TruePositives]];

    /// <summary>Counts with "positive" meaning score ≥ threshold.</summary>
    public static BinaryCounts At(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold)
    {
        if (labels.Count != scores.Count) throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores");
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            bool predicted = scores[i] >= threshold;
            if (labels[i]) { if (predicted) tp++; else fn++; }
            else { if (predicted) fp++; else tn++; }
        }
        return new BinaryCounts(tp, fp, tn, fn);
    }
}
