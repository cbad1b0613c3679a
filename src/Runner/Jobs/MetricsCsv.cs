using System.Globalization;

namespace DataflowLung.Runner.Jobs;

/// <summary>metrics.csv: a header, then one row per epoch appended (and flushed) as the epoch ends, so a
/// stopped or cancelled run keeps every finished epoch.</summary>
public sealed class MetricsCsv : IDisposable
{
    private static readonly string[] Levels = ["chunk", "recording", "patient"];
    private static readonly string[] Measures = ["accuracy", "sensitivity", "specificity", "auc", "icbhi_score"];

    private readonly StreamWriter writer;

    public MetricsCsv(string path)
    {
        writer = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        writer.WriteLine(Header);
    }

    public static string Header { get; } = string.Join(",",
        new[] { "epoch", "train_loss", "val_loss", "lr", "seconds", "samples_per_second" }
            .Concat(Levels.SelectMany(l => Measures.Select(m => $"{l}_{m}")))
            .Append("best"));

    public void Append(EpochMetrics e) => writer.WriteLine(Row(e));

    public static string Row(EpochMetrics e)
    {
        var levels = new[] { e.Val.Chunk, e.Val.Recording, e.Val.Patient };
        var cells = new[] { e.Epoch.ToString(CultureInfo.InvariantCulture), N(e.TrainLoss), N(e.ValLoss), N(e.LearningRate), N(e.Seconds), N(e.SamplesPerSecond) }
            .Concat(levels.SelectMany(m => new[] { N(m.Accuracy), N(m.Sensitivity), N(m.Specificity), N(m.Auc), N(m.IcbhiScore) }))
            .Append(e.IsBest ? "1" : "0");
        return string.Join(",", cells);
    }

    /// <summary>Reads the columns back (for plots and tests): one dictionary per row, empty cells as NaN.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => (IReadOnlyDictionary<string, double>)header.Zip(l.Split(','))
                .ToDictionary(c => c.Item1, c => c.Item2.Length == 0 ? double.NaN : double.Parse(c.Item2, CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static string N(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    public void Dispose() => writer.Dispose();
}
