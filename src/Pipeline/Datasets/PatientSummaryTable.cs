using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>SPRSound's diagnoses, one row per patient: <c>SPRSound_patient_summary.csv</c>, header
/// <c>,patient_num,disease,age,gender</c> (a pandas index column first). Columns are found by name. A bad row is
/// reported as a skipped <c>file:line</c> and the others are kept; the table itself must exist and name its columns.
/// Pneumonia is "Pneumonia (non-severe)" or "Pneumonia (severe)".</summary>
public sealed record PatientSummaryTable(string Path, Map<string, string> Diagnoses, Seq<SkippedFile> BadRows)
{
    public const string FileName = "SPRSound_patient_summary.csv";
    public static readonly Seq<string> PneumoniaDiagnoses = Seq("Pneumonia (non-severe)", "Pneumonia (severe)");

    public static bool IsPneumonia(string diagnosis) =>
        PneumoniaDiagnoses.Exists(d => string.Equals(d, diagnosis.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The patient's diagnosis, or why there is none.</summary>
    public Fin<string> Of(string patient) =>
        Diagnoses.Find(patient).ToFin(Error.New($"patient {patient} is not in {Path}"));

    public static Fin<PatientSummaryTable> Read(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return Error.New($"{path} not found");
        var read = IO.InputText.ReadLines(path);
        if (read.Case is not string[] lines) return (Error)read.Case!;
        if (lines.Length == 0) return Error.New($"{path}: empty (expected the header ,patient_num,disease,age,gender)");
        return Csv.SplitLine(lines[0]).BiMap(x => x, e => Error.New($"{path}:1: {e.Message}")).Bind(header =>
        {
            int cPatient = Csv.Column(header, "patient_num"), cDisease = Csv.Column(header, "disease");
            if (cPatient < 0 || cDisease < 0)
                return FinFail<PatientSummaryTable>(Error.New($"{path}:1: header must name patient_num and disease, got '{lines[0]}'"));
            var rows = toSeq(lines.Select((line, i) => (Line: i + 1, Text: line)).Skip(1).Where(l => l.Text.Trim().Length > 0).ToArray())
                .Map(l => (l.Line, Row: Row(l.Text, cPatient, cDisease)));
            var (diagnoses, bad) = rows.Fold((Map<string, string>(), Seq<SkippedFile>()), (acc, r) => r.Row.Match(
                Succ: row => acc.Item1.Find(row.Patient).Match(
                    Some: earlier => earlier == row.Disease
                        ? acc
                        : (acc.Item1, acc.Item2.Add(new SkippedFile($"{path}:{r.Line}", $"patient {row.Patient} listed again with another disease ('{earlier}', then '{row.Disease}'): the first is kept"))),
                    None: () => (acc.Item1.Add(row.Patient, row.Disease), acc.Item2)),
                Fail: e => (acc.Item1, acc.Item2.Add(new SkippedFile($"{path}:{r.Line}", e.Message)))));
            return FinSucc(new PatientSummaryTable(path, diagnoses, bad));
        });
    }

    static Fin<(string Patient, string Disease)> Row(string line, int cPatient, int cDisease) =>
        from f in Csv.SplitLine(line)
        from _ in f.Length > Math.Max(cPatient, cDisease) ? FinSucc(unit) : Error.New($"too few fields in '{IO.ContainedPath.Escaped(line)}'")
        let patient = f[cPatient].Trim()
        let disease = f[cDisease].Trim()
        from __ in patient.Length > 0 && disease.Length > 0 ? FinSucc(unit) : Error.New($"empty patient_num or disease in '{IO.ContainedPath.Escaped(line)}'")
        select (patient, disease);
}
