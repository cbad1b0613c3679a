using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Minimal RFC 4180 line splitting (quoted fields, doubled quotes) for manifests and label sheets;
/// paths in lung-sound datasets contain commas (Jordan), so a plain Split(',') is not enough.</summary>
public static class Csv
{
    public static Fin<string[]> SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.ToString().Trim().Length == 0) { field.Clear(); quoted = true; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) return Error.New($"unterminated quoted field in '{IO.ContainedPath.Escaped(line)}'");
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>Column index by header name (case-insensitive, trimmed; a UTF-8 BOM is ignored).</summary>
    public static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => string.Equals(h.Trim().TrimStart('\uFEFF'), name, StringComparison.OrdinalIgnoreCase));
}
