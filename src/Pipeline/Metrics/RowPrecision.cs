namespace DataflowLung.Pipeline.Metrics;

/// <summary>How aggregated rows keep their means. <see cref="Single"/>: rounded to float at each level, as
/// predictions.csv stores them, so the report computed from the rows is the one the file reproduces (a
/// cross-validation recomputes it from the files). <see cref="Double"/>: unrounded, for the per-epoch metrics,
/// which are never stored as rows.</summary>
public enum RowPrecision { Single, Double }

public static class RowPrecisions
{
    public static double Keep(this RowPrecision precision, double value) => precision == RowPrecision.Single ? (float)value : value;
}
