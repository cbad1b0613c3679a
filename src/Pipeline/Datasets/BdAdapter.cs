using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Bangladesh (BD, not public): <c>&lt;HOSPID&gt;_SEGMENTED/&lt;HOSPID&gt;_&lt;date&gt;_&lt;n&gt;-&lt;k&gt;_F.wav</c>; labels from
/// the study's annotation sheet (columns <c>HOSP_ID</c>, <c>PEP1</c>: "PEP" → 1, "NO PEP" → 0, anything else → -1,
/// unusable and excluded from pneumonia jobs, as the original did): <c>labels.csv</c>, else any top-level .csv with
/// those two columns, else the original's Excel workbook itself (any top-level .xlsx / .xls with a sheet holding
/// them, read by <see cref="LabelWorkbook"/>).</summary>
public static class BdAdapter
{
    public const string Name = "bd";
    public const string SegmentedSuffix = "_SEGMENTED";

    /// <summary>Pneumonia (PEP) only: no crackle/wheeze labels.</summary>
    public static DatasetLabels Provides { get; } = new(Pneumonia: true);

    public const string Layout =
        "<HOSPID>_SEGMENTED/ folders of <HOSPID>_<date>_<n>-<k>_F.wav files, plus the label sheet (columns HOSP_ID and " +
        "PEP1 with 'PEP' / 'NO PEP') as labels.csv or the original Excel workbook (.xlsx/.xls); or a manifest.csv";

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options)
    {
        var sheet = FindSheet(folder);
        var warnings = new List<string>();
        var skipped = new List<SkippedFile>();
        var labels = Map<string, int>();
        sheet.Match(
            Some: path => IO.ContainedPath.Within(folder, path).Bind(ReadSheet).Match(
                Succ: m => labels = m,
                Fail: e => { skipped.Add(new SkippedFile(path, e.Message)); warnings.Add($"{Name}: label sheet unreadable: pneumonia labels unknown"); }),
            None: () => warnings.Add($"{Name}: no label sheet (labels.csv or an Excel workbook with HOSP_ID, PEP1) in {folder}: pneumonia labels unknown"));

        var recordings = new List<RecordingRef>();
        var segmented = Directory.EnumerateDirectories(folder)
            .Where(d => Path.GetFileName(d).EndsWith(SegmentedSuffix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d, StringComparer.Ordinal);
        foreach (var dir in segmented)
        {
            var dirName = Path.GetFileName(dir);
            var hospId = dirName[..^SegmentedSuffix.Length];
            if (IO.ContainedPath.Within(folder, dir).Case is Error outside)
            {
                skipped.Add(new SkippedFile(dir, outside.Message)); // a link out of the dataset folder is not walked
                continue;
            }
            var listing = WavFolder.List(dir, recursive: false);
            skipped.AddRange(listing.Skipped);
            foreach (var wav in listing.Files)
            {
                var stem = Path.GetFileNameWithoutExtension(wav);
                if (!stem.StartsWith(hospId + "_", StringComparison.OrdinalIgnoreCase))
                {
                    skipped.Add(new SkippedFile(wav, $"name does not start with its folder's hospital id '{hospId}_'"));
                    continue;
                }
                var pneumonia = labels.Find(hospId).IfNone(-1);
                recordings.Add(new RecordingRef(Name, wav, stem, hospId, new RecordingLabels(pneumonia), None));
            }
        }
        if (sheet.IsSome && labels.Count > 0)
            warnings.AddRange(recordings.Where(r => r.Labels.Pneumonia < 0).Select(r => r.Patient).Distinct()
                .Select(p => $"{Name}: patient {p} has no usable PEP1 label (excluded from pneumonia jobs)"));
        return new DatasetScan(Name, toSeq(recordings), toSeq(skipped), toSeq(warnings));
    }

    static Option<string> FindSheet(string folder)
    {
        var preferred = Path.Combine(folder, "labels.csv");
        if (File.Exists(preferred)) return preferred;
        var csv = Directory.EnumerateFiles(folder, "*.csv")
            .Where(f => !string.Equals(Path.GetFileName(f), ManifestAdapter.FileName, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Find(f => HasLabelHeader(folder, f));
        // The workbook: the first one in name order (Excel's "~$" lock files left out); an unreadable one is reported.
        return csv.IsSome ? csv : Directory.EnumerateFiles(folder)
            .Where(f => LabelWorkbook.IsWorkbook(f) && !Path.GetFileName(f).StartsWith("~$", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .HeadOrNone();
    }

    /// <summary>Whether a .csv inside the folder starts with the HOSP_ID and PEP1 header; one outside it (a link out),
    /// or one that cannot be read, is not opened or not taken.</summary>
    static bool HasLabelHeader(string folder, string csv) =>
        IO.ContainedPath.Within(folder, csv).Bind(IO.InputText.ReadLines).Exists(lines =>
            lines.FirstOrDefault() is { } h && Csv.SplitLine(h).Map(c => Csv.Column(c, "HOSP_ID") >= 0 && Csv.Column(c, "PEP1") >= 0).IfFail(false));

    /// <summary>HOSP_ID → 1 (PEP), 0 (NO PEP), -1 (anything else), from a CSV sheet or an Excel workbook.</summary>
    public static Fin<Map<string, int>> ReadSheet(string path) =>
        LabelWorkbook.IsWorkbook(path) ? ReadWorkbook(path) : ReadCsv(path);

    static Fin<Map<string, int>> ReadWorkbook(string path) =>
        LabelWorkbook.Read(path, "HOSP_ID", "PEP1").Map(rows => rows
            .Map(r => (Id: r["HOSP_ID"], Label: PepLabel(r["PEP1"])))
            .Filter(r => r.Id.Length > 0)
            .Fold(Map<string, int>(), (m, r) => m.AddOrUpdate(r.Id, r.Label)));

    static Fin<Map<string, int>> ReadCsv(string path) =>
        IO.InputText.ReadLines(path).Bind(lines => ParseCsv(path, lines));

    static Fin<Map<string, int>> ParseCsv(string path, string[] lines)
    {
        if (lines.Length == 0) return Error.New($"{path}: empty label sheet");
        return Csv.SplitLine(lines[0]).Bind(header =>
        {
            int cId = Csv.Column(header, "HOSP_ID"), cPep = Csv.Column(header, "PEP1");
            if (cId < 0 || cPep < 0) return FinFail<Map<string, int>>(Error.New($"{path}:1: header must have HOSP_ID and PEP1 columns"));
            var map = Map<string, int>();
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                var row = Csv.SplitLine(lines[i]);
                if (row.Case is not string[] f) return FinFail<Map<string, int>>(Error.New($"{path}:{i + 1}: {row.Match(_ => "", e => e.Message)}"));
                if (f.Length <= Math.Max(cId, cPep)) return FinFail<Map<string, int>>(Error.New($"{path}:{i + 1}: too few fields"));
                var id = f[cId].Trim();
                if (id.Length > 0) map = map.AddOrUpdate(id, PepLabel(f[cPep]));
            }
            return FinSucc(map);
        });
    }

    public static int PepLabel(string value) => value.Trim().ToUpperInvariant() switch
    {
        "PEP" => 1,
        "NO PEP" => 0,
        _ => -1,
    };
}
