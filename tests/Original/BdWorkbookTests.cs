using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using TempFolder = DataflowLung.Tests.Datasets.TempFolder;

namespace DataflowLung.Tests.Original;

/// <summary>BD labels straight from the original's annotation workbook (.xlsx), written here with the Open XML SDK the
/// way Excel writes one: a notes sheet first, title rows above the header, shared strings, ids typed as numbers,
/// other columns around the two the adapter reads, and a row whose PEP1 is neither PEP nor NO PEP.</summary>
public sealed class BdWorkbookTests
{
    /// <summary>Writes a workbook of sheets, each a list of rows of cells (string → shared string, double → number, null → empty).</summary>
    internal static void WriteWorkbook(string path, params (string Name, object?[][] Rows)[] sheets)
    {
        using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = doc.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheetList = workbook.Workbook.AppendChild(new Sheets());
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable = new SharedStringTable();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int StringIndex(string s)
        {
            if (index.TryGetValue(s, out var i)) return i;
            strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(s)));
            return index[s] = index.Count;
        }
        uint id = 1;
        foreach (var (name, rows) in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (int r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (int c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    switch (rows[r][c])
                    {
                        case string s: row.AppendChild(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(StringIndex(s)) }); break;
                        case double d: row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(d) }); break;
                    }
                }
                data.AppendChild(row);
            }
            part.Worksheet = new Worksheet(data);
            sheetList.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
        }
    }

    private static void Wav(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, new float[8000], 4000);
    }

    private static readonly (string, object?[][]) Notes = ("README", [["PERCH Bangladesh site: auscultation annotations"], ["see protocol v3"]]);

    private static readonly (string, object?[][]) Annotations = ("annotations",
    [
        ["Digital auscultation reading sheet", null, null, null, null],
        [null, null, null, null, null],
        ["HOSP_ID", "VISIT_DATE", "AGE_MONTHS", "PEP1", "PEP2"],
        ["H001", "2019-01-01", 3.0, "PEP", "PEP"],
        ["H002", "2019-01-02", 14.0, "NO PEP", "PEP"],
        ["H003", "2019-01-03", 7.0, "Uninterpretable", null],
        [1234.0, "2019-01-04", 30.0, " no pep ", "NO PEP"],
        [null, null, null, null, null],
    ]);

    [Fact]
    public void The_workbook_maps_pep1_per_hospital_id_with_unusable_rows_at_minus_one()
    {
        using var d = new TempFolder();
        var path = Path.Combine(d.Path, "BD_annotations.xlsx");
        WriteWorkbook(path, Notes, Annotations);
        var labels = BdAdapter.ReadSheet(path).ThrowIfFail();
        Assert.Equal(new[] { ("1234", 0), ("H001", 1), ("H002", 0), ("H003", -1) }, labels.Select(kv => (kv.Key, kv.Value)).ToArray());
    }

    [Fact]
    public void A_bd_folder_with_only_the_workbook_gets_its_labels_and_the_unusable_patient_is_excluded()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "H001_SEGMENTED", "H001_20190101_1-1_F.wav"));
        Wav(Path.Combine(d.Path, "H002_SEGMENTED", "H002_20190102_1-1_F.wav"));
        Wav(Path.Combine(d.Path, "H003_SEGMENTED", "H003_20190103_1-1_F.wav"));
        Wav(Path.Combine(d.Path, "1234_SEGMENTED", "1234_20190104_2-1_F.wav"));
        WriteWorkbook(Path.Combine(d.Path, "BD_annotations.xlsx"), Notes, Annotations);
        d.File("~$BD_annotations.xlsx", "Excel's lock file, not a workbook");

        var scan = BdAdapter.Scan(d.Path, new DatasetOptions()).ThrowIfFail();
        Assert.Equal(new[] { ("1234", 0), ("H001", 1), ("H002", 0), ("H003", -1) }, scan.Recordings.Map(r => (r.Patient, r.Labels.Pneumonia)).ToArray());
        Assert.Empty(scan.Skipped);
        Assert.Contains(scan.Warnings, w => w.Contains("H003") && w.Contains("excluded"));
        Assert.False(TaskRegistry.Pneumonia.IsUsable(scan.Recordings[3]));
    }

    [Fact]
    public void A_csv_export_is_still_read_and_preferred_over_the_workbook()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "H001_SEGMENTED", "H001_20190101_1-1_F.wav"));
        WriteWorkbook(Path.Combine(d.Path, "BD_annotations.xlsx"), Annotations);
        d.File("labels.csv", "HOSP_ID,PEP1\nH001,NO PEP\n");
        Assert.Equal(0, BdAdapter.Scan(d.Path, new DatasetOptions()).ThrowIfFail().Recordings.Single().Labels.Pneumonia);
    }

    [Fact]
    public void A_broken_or_headerless_workbook_is_a_skipped_file_naming_the_problem()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "H001_SEGMENTED", "H001_20190101_1-1_F.wav"));
        var broken = d.File("BD_annotations.xlsx", "not a zip at all");
        var scan = BdAdapter.Scan(d.Path, new DatasetOptions()).ThrowIfFail();
        Assert.Contains(scan.Skipped, s => s.Path == broken && s.Reason.Contains("not a readable Excel workbook"));
        Assert.Equal(-1, scan.Recordings.Single().Labels.Pneumonia);

        var headerless = Path.Combine(d.Path, "other.xlsx");
        WriteWorkbook(headerless, Notes);
        var problem = BdAdapter.ReadSheet(headerless);
        Assert.True(problem.IsFail);
        problem.IfFail(e => Assert.Contains("no worksheet has a header row with HOSP_ID and PEP1", e.Message));
    }
}
