using System.Globalization;

namespace DataflowLung.Experiments.Jobs;

/// <summary>metrics.csv: a header, then one row per epoch appended (and flushed) as the epoch ends, so a
/// stopped or cancelled run keeps every finished epoch. The metric columns are those of the first epoch (the
/// task fixes them); undefined and non-finite values are empty cells. A resumed job appends under the header already there.</summary>
public sealed class MetricsCsv : IDisposable
{
    private static readonly string[] Fixed = ["epoch", "train_loss", "val_loss", "lr", "seconds", "wait_seconds", "wait_fraction", "samples_per_second"];

    private readonly StreamWriter writer;
    private string[]? columns;

    public MetricsCsv(string path) : this(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read), null)
    {
    }

    private MetricsCsv(FileStream stream, string[]? columns)
    {
        writer = new StreamWriter(stream) { AutoFlush = true };
        this.columns = columns;
    }

    /// <summary>Continues a job's metrics.csv after its checkpoint epoch: rows of later epochs (written after the
    /// checkpoint a resume starts from, e.g. by a run killed between the two) are dropped, new rows follow the
    /// existing header's columns. A missing or empty file starts fresh.</summary>
    public static MetricsCsv Resume(string path, int lastEpoch)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : [];
        if (lines.Length == 0)
        {
            File.Delete(path);
            return new MetricsCsv(path);
        }
        var header = lines[0].Split(',');
        var kept = lines.Skip(1).Where(l => int.TryParse(l.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) && e <= lastEpoch);
        File.WriteAllLines(path, kept.Prepend(lines[0]));
        return new MetricsCsv(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), header);
    }

    /// <summary>What is wrong with a job's metrics.csv before a resume trusts it (issue 23), or null: it must parse
    /// (a header with an <c>epoch</c> column, numbers in every cell), its epochs must run 1, 2, 3, … without gaps or
    /// repeats, and it must hold a row for every epoch up to the checkpoint's (rows after it are allowed: a run
    /// stopped between the row and the checkpoint writes them, and the resume drops them).</summary>
    public static string? Problem(string path, int checkpointEpoch)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : [];
        if (lines.Length == 0)
            return checkpointEpoch > 0 ? $"{path} is missing or empty, but the checkpoint is at epoch {checkpointEpoch}" : null;
        var header = lines[0].Split(',');
        if (header.Length == 0 || header[0] != "epoch") return $"{path}:1: the header does not start with 'epoch'";
        int expected = 1;
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length) return $"{path}:{i + 1}: {cells.Length} cells, the header has {header.Length}";
            if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
                return $"{path}:{i + 1}: '{cells[0]}' is not an epoch number";
            if (epoch != expected) return $"{path}:{i + 1}: epoch {epoch} where epoch {expected} was expected (rows must run 1, 2, 3, … without gaps)";
            var bad = cells.Skip(1).FirstOrDefault(c => c.Length > 0 && !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (bad is not null) return $"{path}:{i + 1}: '{bad}' is not a number";
            expected++;
        }
        return expected - 1 < checkpointEpoch
            ? $"{path} ends at epoch {expected - 1}, but the checkpoint is at epoch {checkpointEpoch}: the two disagree"
            : null;
    }

    public void Append(EpochMetrics e)
    {
        if (columns is null)
        {
            columns = Fixed.Concat(e.Metrics.Keys.Where(k => !Fixed.Contains(k))).Append("best").ToArray();
            writer.WriteLine(string.Join(",", columns));
        }
        writer.WriteLine(string.Join(",", columns.Select(c => Cell(e, c))));
    }

    private static string Cell(EpochMetrics e, string column) => column switch
    {
        "epoch" => e.Epoch.ToString(CultureInfo.InvariantCulture),
        "train_loss" => N(e.TrainLoss),
        "val_loss" => N(e.ValLoss),
        "lr" => N(e.LearningRate),
        "seconds" => N(e.Seconds),
        "wait_seconds" => N(e.WaitSeconds),
        "wait_fraction" => N(e.WaitFraction),
        "samples_per_second" => N(e.SamplesPerSecond),
        "best" => e.IsBest ? "1" : "0",
        _ => N(e.Metrics.TryGetValue(column, out var v) ? v : null),
    };

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

    private static string N(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    public void Dispose() => writer.Dispose();
}
