using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Tests.Datasets;

public sealed class AdapterTests
{
    static void Wav(string path, double seconds, int rate = 4000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, new float[(int)(seconds * rate)], rate);
    }

    [Fact]
    public void Icbhi_folder_with_diagnosis_split_and_faulty_annotations()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "101_1b1_Al_sc_Meditron.wav"), 12);
        d.File("101_1b1_Al_sc_Meditron.txt", "0.1\t2.5\t1\t0\n2.5   5.0\t0\t1\n");
        Wav(Path.Combine(d.Path, "122_2b1_Ar_mc_LittC2SE.wav"), 21);
        d.File("122_2b1_Ar_mc_LittC2SE.txt", "0 3 1 1\n");
        Wav(Path.Combine(d.Path, "130_1p3_Ll_mc_AKGC417L.wav"), 5);        // no annotation
        Wav(Path.Combine(d.Path, "131_1b1_Al_sc_Meditron.wav"), 5);
        d.File("131_1b1_Al_sc_Meditron.txt", "0 x 1 1\n");                  // corrupt annotation
        Wav(Path.Combine(d.Path, "notes.wav"), 5);                          // not an ICBHI name
        Wav(Path.Combine(d.Path, "140_1b1_Al_sc_Meditron.wav"), 11);
        d.File("140_1b1_Al_sc_Meditron.txt", "0 3 0 0\n");                  // patient missing from the diagnosis file
        d.File("ICBHI_Challenge_diagnosis.txt", "101\tURTI\n122\tPneumonia\n130\tCOPD\n131\tCOPD\n");
        d.File("ICBHI_challenge_train_test.txt", "101_1b1_Al_sc_Meditron\ttrain\r\n122_2b1_Ar_mc_LittC2SE\ttest\r\n140_1b1_Al_sc_Meditron\ttest\r\n");

        var scan = DatasetRegistry.Scan(DatasetRegistry.Resolve("icbhi").ThrowIfFail().Head, d.Path, new DatasetOptions()).ThrowIfFail();

        Assert.Equal(new[] { "101", "122", "140" }, scan.Recordings.Map(r => r.Patient).ToArray());
        Assert.Equal(new[] { 0, 1, -1 }, scan.Recordings.Map(r => r.Labels.Pneumonia).ToArray());
        Assert.Equal(2, ((Seq<CycleAnnotation>)scan.Recordings[0].Cycles).Count);
        Assert.Equal(3, scan.Skipped.Count);
        Assert.Contains(scan.Skipped, s => s.Path.EndsWith("130_1p3_Ll_mc_AKGC417L.wav") && s.Reason.Contains("not found"));
        Assert.Contains(scan.Skipped, s => s.Path.EndsWith("131_1b1_Al_sc_Meditron.wav") && s.Reason.Contains("131_1b1_Al_sc_Meditron.txt:1"));
        Assert.Contains(scan.Skipped, s => s.Path.EndsWith("notes.wav") && s.Reason.Contains("not an ICBHI name"));
        Assert.Contains(scan.Warnings, w => w.Contains("patient 140"));
        Assert.True(scan.OfficialSplit.IsSome);

        var summary = DatasetSummary.Of(scan, AudioProbe.Of, new ChunkParams(), TaskRegistry.CracklesWheezes);
        Assert.Equal((3, 3, 44.0), (summary.Recordings, summary.Patients, Math.Round(summary.TotalSeconds, 6)));
        Assert.Equal(new[] { 4000 }, summary.SampleRates.ToArray());
        // 12 s → 0–10 s + the 7 s piece at 5 s; 21 s → 0, 5, 10 s + the 6 s piece at 15 s; 11 s → 0 s + the 6 s piece at 5 s.
        Assert.Equal(8, summary.Chunks);
        Assert.Equal(1, DatasetSummary.CountOf(summary.Cycles, "crackles"));
        Assert.Equal(1, DatasetSummary.CountOf(summary.Cycles, "wheezes"));
        Assert.Equal(1, DatasetSummary.CountOf(summary.Cycles, "both"));
        Assert.Equal(1, DatasetSummary.CountOf(summary.Cycles, "none"));
        Assert.Equal(1, DatasetSummary.CountOf(summary.RecordingPneumonia, "unknown"));
    }

    [Fact]
    public void Jordan_filters_and_crep_options_change_what_is_kept_and_how_it_is_labelled()
    {
        using var d = new TempFolder();
        foreach (var f in "BDE")
        {
            Wav(Path.Combine(d.Path, $"{f}P36_pneumonia,Crep,P R M,36,F.wav"), 6);
            Wav(Path.Combine(d.Path, $"{f}P108_COPD,E W,P R L ,63,M.wav"), 6);
        }
        Wav(Path.Combine(d.Path, "BP7_Plueral Effusion,Zz,P L R,81,M.wav"), 6);
        Wav(Path.Combine(d.Path, "random.wav"), 6);

        var all = JordanAdapter.Scan(d.Path, new DatasetOptions()).ThrowIfFail();
        Assert.Equal(7, all.Recordings.Count);
        Assert.Equal(3, all.PatientCount);
        Assert.All(all.Recordings.Filter(r => r.Patient == "36"), r => Assert.Equal((1, true, false), (r.Labels.Pneumonia, r.Labels.Crackles!.Value, r.Labels.Wheezes!.Value)));
        Assert.All(all.Recordings.Filter(r => r.Patient == "108"), r => Assert.Equal((0, false, true), (r.Labels.Pneumonia, r.Labels.Crackles!.Value, r.Labels.Wheezes!.Value)));
        Assert.Equal("pleural effusion", all.Recordings.Find(r => r.Patient == "7").Map(r => r.Labels.Diagnosis).IfNone(""));
        Assert.Single(all.Warnings, w => w.Contains("'ZZ'"));
        Assert.Single(all.Skipped, s => s.Path.EndsWith("random.wav"));

        var original = JordanAdapter.Scan(d.Path, DatasetOptions.Original).ThrowIfFail();
        Assert.Equal(3, original.Recordings.Count);
        Assert.All(original.Recordings, r => Assert.StartsWith("BP", r.Name));
        Assert.False(original.Recordings.Find(r => r.Patient == "36").Map(r => r.Labels.Crackles!.Value).IfNone(true));
        Assert.Equal(4, original.Skipped.Count(s => s.Reason.Contains("not selected")));
    }

    [Fact]
    public void Manifest_wins_and_groups_cycle_rows_per_recording()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "a", "p1-1.wav"), 10, 8000);
        Wav(Path.Combine(d.Path, "a", "p2,x.wav"), 10, 8000);
        d.File("manifest.csv",
            "path,patient,pneumonia,start,end,crackles,wheezes\n" +
            "a/p1-1.wav,p1,1,0,2.5,1,0\n" +
            "a/p1-1.wav,p1,1,2.5,5,0,0\n" +
            "\"a/p2,x.wav\",p2,0,,,,\n" +
            "a/missing.wav,p3,0,,,,\n" +
            "a/p1-1.wav,p1,2,5,7,0,0\n");
        var adapter = DatasetRegistry.Resolve("perch").ThrowIfFail().Head;
        var scan = DatasetRegistry.Scan(adapter, d.Path, new DatasetOptions()).ThrowIfFail();
        Assert.Equal("perch", scan.Dataset);
        Assert.Equal(new[] { "p1-1", "p2,x" }, scan.Recordings.Map(r => r.Name).ToArray());
        Assert.Equal(2, ((Seq<CycleAnnotation>)scan.Recordings[0].Cycles).Count);
        Assert.True(scan.Recordings[1].Cycles.IsNone);
        Assert.Contains(scan.Skipped, s => s.Path.EndsWith("missing.wav"));
        Assert.Contains(scan.Skipped, s => s.Path.EndsWith("manifest.csv:6") && s.Reason.Contains("pneumonia must be"));
    }

    [Fact]
    public void Bd_layout_takes_labels_from_the_exported_sheet()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "H001_SEGMENTED", "H001_20190101_1-1_F.wav"), 10, 8000);
        Wav(Path.Combine(d.Path, "H001_SEGMENTED", "H001_20190101_1-2_F.wav"), 10, 8000);
        Wav(Path.Combine(d.Path, "H002_SEGMENTED", "H002_20190102_1-1_F.wav"), 10, 8000);
        Wav(Path.Combine(d.Path, "H003_SEGMENTED", "H003_20190103_1-1_F.wav"), 10, 8000);
        Wav(Path.Combine(d.Path, "H003_SEGMENTED", "H009_20190103_1-1_F.wav"), 10, 8000);
        d.File("sheet.csv", "HOSP_ID,AGE,PEP1\nH001,3,PEP\nH002,2,NO PEP\nH003,4,uninterpretable\n");
        var scan = BdAdapter.Scan(d.Path, new DatasetOptions()).ThrowIfFail();
        Assert.Equal(new[] { ("H001", 1), ("H001", 1), ("H002", 0), ("H003", -1) }, scan.Recordings.Map(r => (r.Patient, r.Labels.Pneumonia)).ToArray());
        Assert.Single(scan.Skipped, s => s.Path.EndsWith("H009_20190103_1-1_F.wav"));
        Assert.Contains(scan.Warnings, w => w.Contains("H003"));
        Assert.Empty(Chunker.Chunk(scan.Recordings[3], new float[80_000], 8000, new ChunkParams(), TaskRegistry.Pneumonia));
    }

    [Fact]
    public void Antwerp_uses_the_icbhi_loader_with_its_own_patient_rule()
    {
        using var d = new TempFolder();
        Wav(Path.Combine(d.Path, "ant_12_L2.wav"), 10);
        d.File("ant_12_L2.txt", "0 2 1 0\n");
        Wav(Path.Combine(d.Path, "ant_12_R1.wav"), 10);
        d.File("ant_12_R1.txt", "0 2 0 0\n");
        d.File("patient_diagnosis.csv", "12,Pneumonia\n");
        var scan = DatasetRegistry.Scan(DatasetRegistry.Resolve("antwerp-sim").ThrowIfFail().Head, d.Path, new DatasetOptions()).ThrowIfFail();
        Assert.Equal("antwerp-sim", scan.Dataset);
        Assert.Equal(1, scan.PatientCount);
        Assert.All(scan.Recordings, r => Assert.Equal(1, r.Labels.Pneumonia));
    }

    [Fact]
    public void Unknown_names_and_missing_or_empty_folders_are_clear_errors()
    {
        var unknown = ((Error)DatasetRegistry.Resolve("icbhi,kaggle")).Message;
        Assert.Contains("'kaggle'", unknown);
        Assert.Contains("icbhi, jordan, perch, antwerp, antwerp-sim, bd", unknown);
        Assert.Equal(new[] { "icbhi", "jordan" }, DatasetRegistry.Resolve(" ICBHI , jordan,icbhi").ThrowIfFail().Map(a => a.Name).ToArray());

        using var d = new TempFolder();
        var missing = ((Error)DatasetRegistry.ScanAll(d.Path, "icbhi,jordan", new DatasetOptions())).Message;
        Assert.Contains(Path.Combine(d.Path, "icbhi"), missing);
        Assert.Contains(Path.Combine(d.Path, "jordan"), missing);
        Assert.Contains("<B|D|E>P<patient>", missing);
        Directory.CreateDirectory(Path.Combine(d.Path, "jordan"));
        Assert.Contains("no recordings", ((Error)DatasetRegistry.ScanAll(d.Path, "jordan", new DatasetOptions())).Message);
        Assert.Contains("jordan_filters", ((Error)DatasetRegistry.ScanAll(d.Path, "jordan", new DatasetOptions(JordanFilters: "BX"))).Message);
    }
}
