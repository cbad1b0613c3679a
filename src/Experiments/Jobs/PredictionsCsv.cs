using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using System.Globalization;
using System.Text;
using DataflowLung.Pipeline;

namespace DataflowLung.Experiments.Jobs;

/// <summary>predictions.csv: every validation prediction at chunk, recording and patient level. Columns
/// follow the task's outputs (<c>label_pneumonia,p_pneumonia</c>, crackles and wheezes, or one per class of the cycles
/// tasks: <c>label_none … label_both</c> and <c>p_none … p_both</c>, or normal and abnormal). A non-finite value (a model
/// that diverged) is an empty cell, read back as NaN.</summary>
public static class PredictionsCsv
{
    public static string Render(LearningTask task, IEnumerable<PredictionRow> rows)
    {
        var outputs = task.OutputNames;
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "level", "name", "dataset", "recording", "patient" }
            .Concat(outputs.Select(o => $"label_{o}")).Concat(outputs.Select(o => $"p_{o}"))));
        foreach (var r in rows)
        {
            csv.AppendLine(string.Join(",", new[] { r.Level.ToString().ToLowerInvariant(), Quote(r.Name), Quote(r.Dataset), Quote(r.Recording), Quote(r.Patient) }
                .Concat(r.Labels.Select(F)).Concat(r.Probabilities.Select(F))));
        }
        return csv.ToString();
    }

    public static void Write(string path, LearningTask task, IEnumerable<PredictionRow> rows) =>
        File.WriteAllText(path, Render(task, rows));

    /// <summary>Reads rows back (used by tests and by evaluate's comparisons); quoted names are unquoted.</summary>
    public static IReadOnlyList<PredictionRow> Read(string path, LearningTask task)
    {
        var n = task.Outputs;
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = SplitCsv(line);
            return new PredictionRow(
                Enum.Parse<PredictionLevel>(cells[0], ignoreCase: true), cells[1], cells[2], cells[3], cells[4],
                cells.Skip(5).Take(n).Select(Cell).ToArray(),
                cells.Skip(5 + n).Take(n).Select(Cell).ToArray());
        }).ToList();
    }

    /// <summary>The rows, or an error naming the file and line of the first damaged one (issue 23: a damaged fold's
    /// predictions.csv must not be aggregated): a header, the header's number of cells, a known level, numbers.</summary>
    public static LanguageExt.Fin<IReadOnlyList<PredictionRow>> TryRead(string path, LearningTask task)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return LanguageExt.Common.Error.New($"{path}: cannot be read ({e.Message})"); }
        var n = task.Outputs;
        if (lines.Length == 0 || !lines[0].StartsWith("level,", StringComparison.Ordinal)) return LanguageExt.Common.Error.New($"{path}:1: no predictions header");
        var rows = new List<PredictionRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = SplitCsv(lines[i]);
            if (cells.Count != 5 + 2 * n) return LanguageExt.Common.Error.New($"{path}:{i + 1}: {cells.Count} cells, expected {5 + 2 * n}");
            if (!Enum.TryParse<PredictionLevel>(cells[0], ignoreCase: true, out var level) || !Enum.IsDefined(level))
                return LanguageExt.Common.Error.New($"{path}:{i + 1}: '{cells[0]}' is not a prediction level");
            var bad = cells.Skip(5).FirstOrDefault(c => c.Length > 0 && !float.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (bad is not null) return LanguageExt.Common.Error.New($"{path}:{i + 1}: '{bad}' is not a number");
            rows.Add(new PredictionRow(level, cells[1], cells[2], cells[3], cells[4],
                cells.Skip(5).Take(n).Select(Cell).ToArray(), cells.Skip(5 + n).Take(n).Select(Cell).ToArray()));
        }
        return rows;
    }

    // The file holds floats, the model's precision (the report's rows are floats already: RowPrecision.Single).
    private static string F(double v) => (float)v is var f && float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : "";

    private static double Cell(string c) => c.Length == 0 ? double.NaN : float.Parse(c, CultureInfo.InvariantCulture);

    // Jordan file names contain commas, so names are quoted when needed.
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
