using System.Globalization;
using System.Text;
using ExcelDataReader;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Reads a label table from an Excel workbook (.xlsx, or the old binary .xls) with ExcelDataReader: the first
/// worksheet holding a row with all the wanted column names (case-insensitive; title rows above it are skipped), then
/// every row below it until the end of that sheet, as text. Numbers print without a trailing ".0" (an id typed as a
/// number reads as "1234"), empty cells as "".</summary>
public static class LabelWorkbook
{
    public static readonly string[] Extensions = [".xlsx", ".xls"];

    /// <summary>How far down a sheet the header row may be.</summary>
    const int HeaderSearchRows = 20;

    static LabelWorkbook() =>
        // The old .xls format stores text in Windows code pages, which .NET only decodes with this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsWorkbook(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The rows under the header as column name → text, for the wanted <paramref name="columns"/>; a failure
    /// names the file and says what is wrong (unreadable, or no sheet with those columns).</summary>
    public static Fin<Seq<Map<string, string>>> Read(string path, params string[] columns)
    {
        try
        {
            using var stream = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            do
            {
                var found = ReadSheet(reader, columns);
                if (found.IsSome) return FinSucc((Seq<Map<string, string>>)found);
            }
            while (reader.NextResult());
            return Error.New($"{path}: no worksheet has a header row with {string.Join(" and ", columns)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExcelDataReader.Exceptions.ExcelReaderException
                                      or InvalidDataException or NotSupportedException or ArgumentException or FormatException)
        {
            return Error.New($"{path}: not a readable Excel workbook ({e.GetType().Name}: {e.Message})");
        }
    }

    static Option<Seq<Map<string, string>>> ReadSheet(IExcelDataReader reader, string[] columns)
    {
        Dictionary<string, int>? index = null;
        var rows = new List<Map<string, string>>();
        int row = 0;
        while (reader.Read())
        {
            row++;
            if (index is null)
            {
                if (row > HeaderSearchRows) return None;
                var header = Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.GetValue(i))).ToArray();
                var positions = columns.Select(c => System.Array.FindIndex(header, h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase))).ToArray();
                if (positions.All(i => i >= 0)) index = Enumerable.Range(0, columns.Length).ToDictionary(i => columns[i], i => positions[i]);
                continue;
            }
            var values = index.ToDictionary(kv => kv.Key, kv => kv.Value < reader.FieldCount ? Text(reader.GetValue(kv.Value)) : "");
            if (values.Values.All(v => v.Length == 0)) continue;
            rows.Add(toMap(values.Select(kv => (kv.Key, kv.Value))));
        }
        return index is null ? None : Some(toSeq(rows));
    }

    static string Text(object? value) => value switch
    {
        null => "",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };

    /// <summary>Every row of the first worksheet as (row number, text of column <paramref name="keyColumn"/>, text of
    /// column <paramref name="valueColumn"/>), columns counted from 0 (A = 0): for a table the original read by position.</summary>
    public static Fin<Seq<(int Row, string Key, string Value)>> ReadByPosition(string path, int keyColumn, int valueColumn)
    {
        try
        {
            using var stream = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            var rows = new List<(int, string, string)>();
            int row = 0;
            while (reader.Read())
            {
                row++;
                string Cell(int c) => c < reader.FieldCount ? Text(reader.GetValue(c)) : "";
                rows.Add((row, Cell(keyColumn), Cell(valueColumn)));
            }
            return FinSucc(toSeq(rows));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExcelDataReader.Exceptions.ExcelReaderException
                                      or InvalidDataException or NotSupportedException or ArgumentException or FormatException)
        {
            return Error.New($"{path}: not a readable Excel workbook ({e.GetType().Name}: {e.Message})");
        }
    }
}
