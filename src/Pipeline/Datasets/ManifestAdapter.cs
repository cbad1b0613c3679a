using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The documented format for datasets that are not public (or laid out differently): a
/// <c>manifest.csv</c> with header <c>path,patient,pneumonia[,start,end,crackles,wheezes]</c>. Paths are
/// relative to the manifest and must resolve inside its folder (an absolute or <c>../</c> path, or a link out, is
/// skipped with the reason: <see cref="IO.ContainedPath"/>); pneumonia is 1, 0 or -1 (unknown/unusable); one row per annotated cycle
/// (same path, patient and pneumonia repeated), or one row per recording with the cycle columns empty.</summary>
public static class ManifestAdapter
{
    public const string FileName = "manifest.csv";

    public const string Layout =
        "manifest.csv with header path,patient,pneumonia[,start,end,crackles,wheezes]; paths relative to the manifest; " +
        "pneumonia 1/0/-1; one row per cycle (or one row per recording with empty cycle columns)";

    sealed record Row(string Path, string Patient, int Pneumonia, Option<CycleAnnotation> Cycle);

    public static Fin<DatasetScan> Scan(string dataset, string manifestPath)
    {
        if (!File.Exists(manifestPath)) return Error.New($"{dataset}: manifest {manifestPath} not found ({Layout})");
        var read = IO.InputText.ReadLines(manifestPath);
        if (read.Case is not string[] lines) return read.Map(_ => (DatasetScan)null!);
        if (lines.Length == 0) return Error.New($"{manifestPath}: empty manifest ({Layout})");
        var headerFin = Csv.SplitLine(lines[0]);
        if (headerFin.Case is not string[] header) return Error.New($"{manifestPath}:1: {headerFin.Match(_ => "", e => e.Message)}");
        int cPath = Csv.Column(header, "path"), cPatient = Csv.Column(header, "patient"), cPneumonia = Csv.Column(header, "pneumonia");
        if (cPath < 0 || cPatient < 0 || cPneumonia < 0)
            return Error.New($"{manifestPath}:1: header must name path, patient and pneumonia ({Layout}); got '{lines[0]}'");
        var cycleCols = Seq("start", "end", "crackles", "wheezes").Map(n => Csv.Column(header, n));
        bool hasCycles = cycleCols.ForAll(c => c >= 0);
        if (!hasCycles && cycleCols.Exists(c => c >= 0))
            return Error.New($"{manifestPath}:1: cycle columns must be all of start, end, crackles, wheezes or none");

        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var rows = new List<(int Line, Row Row)>();
        var skipped = new List<SkippedFile>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            ParseRow(lines[i], folder, cPath, cPatient, cPneumonia, hasCycles ? Some(cycleCols) : None).Match(
                Succ: r => rows.Add((i + 1, r)),
                Fail: e => skipped.Add(new SkippedFile($"{manifestPath}:{i + 1}", e.Message)));
        }

        var recordings = new List<RecordingRef>();
        foreach (var group in rows.GroupBy(r => r.Row.Path, StringComparer.Ordinal))
        {
            var first = group.First().Row;
            var disagreeing = group.FirstOrDefault(r => r.Row.Patient != first.Patient || r.Row.Pneumonia != first.Pneumonia);
            if (disagreeing.Row is not null)
                skipped.Add(new SkippedFile(first.Path, $"{manifestPath}:{disagreeing.Line}: patient/pneumonia differ between rows of the same recording"));
            else if (IO.ContainedPath.Within(folder, first.Path).Match(_ => (string?)null, e => e.Message) is string outside)
                skipped.Add(new SkippedFile(first.Path, $"listed in {manifestPath}, {outside} (paths must lie in the manifest's folder)"));
            else if (!File.Exists(first.Path))
                skipped.Add(new SkippedFile(first.Path, $"listed in {manifestPath} but not found"));
            else
            {
                var cycles = toSeq(group.Choose(r => r.Row.Cycle).OrderBy(c => c.Start));
                recordings.Add(new RecordingRef(dataset, first.Path, Path.GetFileNameWithoutExtension(first.Path), first.Patient,
                    new RecordingLabels(first.Pneumonia), cycles.IsEmpty ? None : Some(cycles)));
            }
        }
        return new DatasetScan(dataset, toSeq(recordings), toSeq(skipped), Empty);
    }

    static Fin<Row> ParseRow(string line, string folder, int cPath, int cPatient, int cPneumonia, Option<Seq<int>> cycleCols) =>
        from f in Csv.SplitLine(line)
        from _ in f.Length > Math.Max(cPath, Math.Max(cPatient, cPneumonia)) ? FinSucc(unit) : Error.New($"too few fields in '{IO.ContainedPath.Escaped(line)}'")
        let path = Path.GetFullPath(Path.Combine(folder, f[cPath].Trim()))
        let patient = f[cPatient].Trim()
        from __ in patient.Length > 0 && f[cPath].Trim().Length > 0 ? FinSucc(unit) : Error.New($"empty path or patient in '{IO.ContainedPath.Escaped(line)}'")
        from pneumonia in f[cPneumonia].Trim() switch
        {
            "1" => FinSucc(1),
            "0" => FinSucc(0),
            "-1" or "" => FinSucc(-1),
            var v => FinFail<int>(Error.New($"pneumonia must be 1, 0 or -1, got '{v}'")),
        }
        from cycle in cycleCols.Match(Some: cols => ParseCycle(f, cols, line), None: () => FinSucc(Option<CycleAnnotation>.None))
        select new Row(path, patient, pneumonia, cycle);

    static Fin<Option<CycleAnnotation>> ParseCycle(string[] f, Seq<int> cols, string line)
    {
        var values = cols.Map(c => c < f.Length ? f[c].Trim() : "");
        if (values.ForAll(v => v.Length == 0)) return Option<CycleAnnotation>.None;
        return CycleAnnotationFile.Parse([string.Join(' ', values)], "manifest row").Match(
            Succ: cs => FinSucc(Some(cs.Head)),
            Fail: e => FinFail<Option<CycleAnnotation>>(Error.New($"bad cycle columns in '{IO.ContainedPath.Escaped(line)}': {e.Message}")));
    }
}
