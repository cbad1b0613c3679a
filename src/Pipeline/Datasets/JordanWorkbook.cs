using System.Text.RegularExpressions;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Jordan (KAUH) pneumonia labels from the dataset's own <c>Data_annotation.xlsx</c>, as the original took them
/// when present (<see cref="DatasetOptions.JordanWorkbookLabels"/>): the first worksheet, the patient in column A (its
/// number: "12", 12 or "BP12"), the diagnosis in column E; pneumonia = a diagnosis of "pneumonia" (any case). Rows whose
/// column A holds no patient number (titles, the header) are passed over; a patient listed twice with different
/// diagnoses is a problem, not a guess.</summary>
public static partial class JordanWorkbook
{
    public const string FileName = "Data_annotation.xlsx";

    /// <summary>The workbook beside the recordings or one folder up (the dataset ships it beside <c>Audio_Files/</c>).</summary>
    public static Option<string> Find(string folder) =>
        new[] { folder, Path.GetDirectoryName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)) ?? folder }
            .Select(f => Path.Combine(f, FileName)).Where(File.Exists).Select(Some).FirstOrDefault(None);

    /// <summary>Patient number → diagnosis.</summary>
    public static Fin<Map<string, string>> Read(string path) =>
        LabelWorkbook.ReadByPosition(path, 0, 4).Bind(rows =>
        {
            var diagnoses = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (row, key, value) in rows)
            {
                if (PatientNumber().Match(key) is not { Success: true } m || value.Length == 0) continue;
                var patient = m.Groups[1].Value.TrimStart('0') is { Length: > 0 } t ? t : "0";
                if (diagnoses.TryGetValue(patient, out var earlier) && !string.Equals(earlier, value, StringComparison.OrdinalIgnoreCase))
                    return FinFail<Map<string, string>>(Error.New($"{path}: row {row}: patient {patient} listed again with diagnosis '{value}' (earlier '{earlier}')"));
                diagnoses[patient] = value;
            }
            return diagnoses.Count == 0
                ? FinFail<Map<string, string>>(Error.New($"{path}: no row with a patient number in column A and a diagnosis in column E"))
                : FinSucc(toMap(diagnoses.Select(kv => (kv.Key, kv.Value))));
        });

    public static bool IsPneumonia(string diagnosis) => string.Equals(diagnosis.Trim(), "pneumonia", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*(?:[A-Za-z]{0,3})\s*0*(\d+)\s*$")]
    private static partial Regex PatientNumber();
}
