namespace DataflowLung.Pipeline.Metrics;

/// <summary>The yes/no threshold of a one-score task (pneumonia), chosen on validation, never on a test set: the
/// Youden-optimal threshold (highest sensitivity + specificity − 1; on a tie the highest threshold) of the validation
/// <b>patients'</b> scores, the level the task is judged at; 0.5 when validation holds a single class. It is then
/// applied unchanged to every level of validation and of each test set (<see cref="At"/>), beside the 0.5 figures.</summary>
public sealed record DecisionThreshold(double Value, string Rule, IReadOnlyDictionary<string, BinaryMetrics> Validation,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, BinaryMetrics>> Test)
{
    // Plain words: report.json escapes signs and quotes.
    public const string YoudenRule = "Youden-optimal threshold on the scores of the validation patients: the maximum of sensitivity plus specificity minus 1, the highest threshold on a tie";
    public const string FallbackRule = "0.5, because validation holds a single class, so no threshold can be chosen on it";

    /// <summary>The threshold chosen on <paramref name="validationRows"/> (all levels, as predictions.csv holds them) and
    /// what it gives on validation; test sets are added with <see cref="WithTest"/>.</summary>
    public static DecisionThreshold Choose(IReadOnlyList<PredictionRow> validationRows)
    {
        var patients = validationRows.At(PredictionLevel.Patient);
        var chosen = Ranking.YoudenThreshold(Labels(patients), Scores(patients));
        var value = chosen ?? 0.5;
        return new DecisionThreshold(value, chosen is null ? FallbackRule : YoudenRule, At(validationRows, value),
            new Dictionary<string, IReadOnlyDictionary<string, BinaryMetrics>>());
    }

    /// <summary>This threshold applied to a test set's rows.</summary>
    public DecisionThreshold WithTest(string set, IReadOnlyList<PredictionRow> rows) =>
        this with { Test = new Dictionary<string, IReadOnlyDictionary<string, BinaryMetrics>>(Test) { [set] = At(rows, Value) } };

    /// <summary>The binary metrics at <paramref name="threshold"/> of each level the rows hold (chunk, recording, patient).</summary>
    public static IReadOnlyDictionary<string, BinaryMetrics> At(IReadOnlyList<PredictionRow> rows, double threshold) =>
        new[] { PredictionLevel.Chunk, PredictionLevel.Recording, PredictionLevel.Patient }
            .Select(level => (Level: level, Rows: rows.At(level)))
            .Where(x => x.Rows.Count > 0)
            .ToDictionary(x => x.Level.ToString().ToLowerInvariant(), x => BinaryMetrics.At(Labels(x.Rows), Scores(x.Rows), threshold), StringComparer.Ordinal);

    private static bool[] Labels(IReadOnlyList<PredictionRow> rows) => rows.Select(r => r.Labels[0] >= 0.5).ToArray();
    private static double[] Scores(IReadOnlyList<PredictionRow> rows) => rows.Select(r => r.Probabilities[0]).ToArray();
}
