using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Per-patient diagnoses: ICBHI's <c>ICBHI_Challenge_diagnosis.txt</c> (<c>id&lt;TAB&gt;diagnosis</c>) or
/// Kaggle's <c>patient_diagnosis.csv</c> (<c>id,diagnosis</c>); no header, though a non-numeric first row is
/// tolerated as one.</summary>
public static class DiagnosisFile
{
    public static readonly Seq<string> FileNames = Seq("ICBHI_Challenge_diagnosis.txt", "patient_diagnosis.csv", "diagnosis.csv");

    /// <summary>The first diagnosis file present in <paramref name="folder"/>, if any.</summary>
    public static Option<string> Find(string folder) =>
        FileNames.Map(n => Path.Combine(folder, n)).Find(File.Exists);

    public static Fin<Map<string, string>> Read(string path)
    {
        var map = Map<string, string>();
        var firstLine = Map<string, int>();
        int lineNo = 0;
        var read = IO.InputText.ReadLines(path);
        if (read.Case is not string[] lines) return read.Map(_ => map);
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            int cut = line.IndexOfAny([',', '\t', ' ']);
            if (cut <= 0)
                return Error.New($"{path}:{lineNo}: expected '<patient id>, <diagnosis>', got '{IO.ContainedPath.Escaped(line)}'");
            var id = line[..cut].Trim();
            var diagnosis = line[(cut + 1)..].Trim().Trim(',').Trim();
            if (lineNo == 1 && !id.All(char.IsDigit)) continue; // a header row
            if (diagnosis.Length == 0)
                return Error.New($"{path}:{lineNo}: patient {id} has no diagnosis");
            // A patient named twice with two labels: which one is right cannot be guessed, so neither is kept.
            if (map.Find(id).Case is string earlier && !string.Equals(earlier, diagnosis, StringComparison.OrdinalIgnoreCase))
                return Error.New($"{path}: patient {id} has two diagnoses: line {firstLine[id]} says '{earlier}', line {lineNo} says '{diagnosis}'");
            if (!firstLine.ContainsKey(id)) firstLine = firstLine.Add(id, lineNo);
            map = map.AddOrUpdate(id, diagnosis);
        }
        return map;
    }

    public static bool IsPneumonia(string diagnosis) =>
        string.Equals(diagnosis.Trim(), "Pneumonia", StringComparison.OrdinalIgnoreCase);
}
