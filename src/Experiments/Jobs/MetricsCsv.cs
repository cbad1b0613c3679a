using System.Globalization;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.IO;

namespace DataflowLung.Experiments.Jobs;

/// <summary>metrics.csv: a header, then one row per epoch, added as the epoch ends, so a stopped or cancelled run
/// keeps every finished epoch. Each row is written as part of its epoch's unit (<see cref="Stage"/> into the trainer's
/// <see cref="EpochCommit"/>): the whole file with the new row goes to a temporary file that is renamed into place with
/// the checkpoints, so a failure leaves the previous file whole. The metric columns are those of the first epoch (the
/// task fixes them); undefined and non-finite values are empty cells. A resumed job adds rows under the header already there.</summary>
public sealed class MetricsCsv : IDisposable
{
    private static readonly string[] Fixed = ["epoch", "train_loss", "val_loss", "lr", "seconds", "wait_seconds", "wait_fraction", "samples_per_second", "val_recordings", "val_chunks"];

    private readonly string path;

    /// <summary>A new job's metrics.csv, created empty; an existing file is never replaced.</summary>
    public MetricsCsv(string path)
    {
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read).Dispose();
        this.path = path;
    }

    private MetricsCsv(string path, bool _) => this.path = path;

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
        var kept = lines.Skip(1).Where(l => int.TryParse(l.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) && e <= lastEpoch);
        if (kept.Count() != lines.Length - 1) AtomicFile.Write(path, tmp => File.WriteAllLines(tmp, kept.Prepend(lines[0])));
        return new MetricsCsv(path, true);
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

    /// <summary>Adds <paramref name="e"/>'s row at once (the file replaced whole).</summary>
    public void Append(EpochMetrics e)
    {
        using var unit = new EpochCommit();
        Stage(e, unit);
        unit.Commit();
    }

    /// <summary>Stages the file with <paramref name="e"/>'s row added into <paramref name="unit"/>; it replaces
    /// metrics.csv when the unit commits. The columns are the header's, or (the first row) the fixed ones, the
    /// task's metrics and <c>best</c>.</summary>
    public void Stage(EpochMetrics e, EpochCommit unit)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];
        if (lines.Count == 0)
            lines.Add(string.Join(",", Fixed.Concat(e.Metrics.Keys.Where(k => !Fixed.Contains(k))).Append("best")));
        var columns = lines[0].Split(',');
        lines.Add(string.Join(",", columns.Select(c => Cell(e, c))));
        unit.StageFile(path, tmp => File.WriteAllLines(tmp, lines));
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
        "val_recordings" => N(e.ValRecordings),
        "val_chunks" => N(e.ValChunks),
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

    /// <summary>Nothing is held open between rows; kept so callers scope a job's metrics file as before.</summary>
    public void Dispose() { }
}
