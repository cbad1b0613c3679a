using System.Globalization;

namespace DataflowLung.Runner.Jobs;

/// <summary>metrics.csv: a header, then one row per epoch appended (and flushed) as the epoch ends, so a
/// stopped or cancelled run keeps every finished epoch. The metric columns are those of the first epoch (the
/// task fixes them); undefined values are empty cells.</summary>
public sealed class MetricsCsv : IDisposable
{
    private static readonly string[] Fixed = ["epoch", "train_loss", "val_loss", "lr", "seconds", "wait_seconds", "samples_per_second"];

    private readonly StreamWriter writer;
    private string[]? metricColumns;

    public MetricsCsv(string path)
    {
        writer = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Append(EpochMetrics e)
    {
        if (metricColumns is null)
        {
            metricColumns = e.Metrics.Keys.Where(k => !Fixed.Contains(k)).ToArray();
            writer.WriteLine(string.Join(",", Fixed.Concat(metricColumns).Append("best")));
        }
        var cells = new[] { e.Epoch.ToString(CultureInfo.InvariantCulture), N(e.TrainLoss), N(e.ValLoss), N(e.LearningRate), N(e.Seconds), N(e.WaitSeconds), N(e.SamplesPerSecond) }
            .Concat(metricColumns.Select(c => N(e.Metrics.TryGetValue(c, out var v) ? v : null)))
            .Append(e.IsBest ? "1" : "0");
        writer.WriteLine(string.Join(",", cells));
    }

    /// <summary>Reads the columns back (for plots and tests): one dictionary per row, empty cells as NaN.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) return [];
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => (IReadOnlyDictionary<string, double>)header.Zip(l.Split(','))
                .ToDictionary(c => c.Item1, c => c.Item2.Length == 0 ? double.NaN : double.Parse(c.Item2, CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static string N(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    public void Dispose() => writer.Dispose();
}
