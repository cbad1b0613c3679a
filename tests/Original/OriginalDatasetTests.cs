using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using TempFolder = DataflowLung.Tests.Datasets.TempFolder;

namespace DataflowLung.Tests.Original;

/// <summary>The original's smaller dataset rules: PERCH <c>*F.wav</c> only, Jordan labels from <c>Data_annotation.xlsx</c>
/// (column E) with the files in <c>Audio_Files/</c>, and <c>official_labels.txt</c> as the ICBHI split file.</summary>
public sealed class OriginalDatasetTests
{
    static void Wav(string path, double seconds = 2)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, new float[(int)(seconds * 4000)], 4000);
    }

    static DatasetScan Scan(string dataset, string folder, DatasetOptions options) =>
        DatasetRegistry.Scan(DatasetRegistry.Resolve(dataset).ThrowIfFail().Head, folder, options).ThrowIfFail();

    [Fact]
    public void Perch_f_only_reads_only_the_F_clips_and_reports_the_others()
    {
        using var d = new TempFolder();
        foreach (var name in new[] { "P01-1F", "P01-2", "P02-1F", "P02-3B" })
        {
            Wav(Path.Combine(d.Path, name + ".wav"));
            d.File(name + ".txt", "0 1.5 1 0\n");
        }
        Assert.Equal(4, Scan("perch", d.Path, new DatasetOptions()).Recordings.Count);
        var only = Scan("perch", d.Path, new DatasetOptions(PerchOnlyF: true));
        Assert.Equal(new[] { "P01-1F", "P02-1F" }, only.Recordings.Map(r => r.Name).Order().ToArray());
        Assert.Equal(2, only.Skipped.Count(s => s.Reason.Contains("*F.wav")));
    }

    [Fact]
    public void Jordan_labels_come_from_column_E_of_the_workbook_when_asked_and_present()
    {
        using var d = new TempFolder();
        var audio = Path.Combine(d.Path, JordanAdapter.AudioFolder);
        Wav(Path.Combine(audio, "BP1_pneumonia,Crep,P R M,36,F.wav"));   // the name says pneumonia, the workbook asthma
        Wav(Path.Combine(audio, "BP2_N,N,P L L,41,M.wav"));              // the name says normal, the workbook pneumonia
        Wav(Path.Combine(audio, "BP3_COPD,E W,P R L ,63,M.wav"));        // not in the workbook: the name's label, with a warning
        BdWorkbookTests.WriteWorkbook(Path.Combine(d.Path, JordanWorkbook.FileName), ("Sheet1",
        [
            ["Patient number", "Age", "Gender", "Location", "Diagnosis"],
            [1.0, 36.0, "F", "P R M", "Asthma"],
            ["BP2", 41.0, "M", "P L L", " Pneumonia "],
        ]));
        int Label(DatasetScan s, string patient) => s.Recordings.Find(r => r.Patient == patient).Map(r => r.Labels.Pneumonia).IfNone(-9);

        var byName = Scan("jordan", d.Path, new DatasetOptions());
        Assert.Equal((1, 0, 0), (Label(byName, "1"), Label(byName, "2"), Label(byName, "3")));
        var byBook = Scan("jordan", d.Path, new DatasetOptions(JordanWorkbookLabels: true));
        Assert.Equal((0, 1, 0), (Label(byBook, "1"), Label(byBook, "2"), Label(byBook, "3")));
        Assert.Contains(byBook.Warnings, w => w.Contains("patient 3 not in Data_annotation.xlsx"));
    }

    [Fact]
    public void A_workbook_with_a_patient_listed_twice_differently_is_reported_and_the_names_are_used()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "BP1_pneumonia,Crep,P R M,36,F.wav"));
        BdWorkbookTests.WriteWorkbook(Path.Combine(d.Path, JordanWorkbook.FileName), ("Sheet1", [[1.0, null, null, null, "asthma"], [1.0, null, null, null, "pneumonia"]]));
        var scan = Scan("jordan", d.Path, new DatasetOptions(JordanWorkbookLabels: true));
        Assert.Equal(1, scan.Recordings.Single().Labels.Pneumonia);
        Assert.Contains(scan.Skipped, s => s.Path.EndsWith(JordanWorkbook.FileName) && s.Reason.Contains("row 2") && s.Reason.Contains("listed again"));
    }

    [Fact]
    public void Official_labels_txt_is_read_as_the_icbhi_split_file()
    {
        using var d = new TempFolder();
        foreach (var name in new[] { "101_1b1_Al_sc_Meditron", "122_2b1_Ar_mc_LittC2SE" })
        {
            Wav(Path.Combine(d.Path, name + ".wav"));
            d.File(name + ".txt", "0 1.5 1 0\n");
        }
        d.File("ICBHI_Challenge_diagnosis.txt", "101\tURTI\n122\tPneumonia\n");
        d.File(IcbhiAdapter.OriginalSplitFile, "101_1b1_Al_sc_Meditron\ttrain\n122_2b1_Ar_mc_LittC2SE\ttest\n");
        var scan = Scan("icbhi", d.Path, new DatasetOptions());
        Assert.True(scan.OfficialSplit.IsSome);
        Assert.Equal(new[] { "train", "test" }, scan.Recordings.Map(r => r.OfficialPart.IfNone("?")).ToArray());
    }
}
