using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;

namespace DataflowLung.Tests.Datasets;

/// <summary>The SPRSound adapter on hand-made releases: one test per quirk of the real files (SOURCES.md, sprsound/).</summary>
public sealed class SprsoundAdapterTests
{
    const string Table = ",patient_num,disease,age,gender\n0,100,Pneumonia (severe),5.1,M\n1,300,Asthma,4,F\n2,400,Pneumonia (non-severe),2,M\n3,500,Control Group,9,F\n";

    static string Json(string record, params (string Start, string End, string Type)[] events) =>
        $"{{\"record_annotation\": \"{record}\", \"event_annotation\": [{string.Join(", ", events.Select(e => $"{{\"start\": \"{e.Start}\", \"end\": \"{e.End}\", \"type\": \"{e.Type}\"}}"))}]}}";

    /// <summary>A recording: a silent 8 kHz wav in <paramref name="wavFolder"/> and, unless null, its json.</summary>
    static string Recording(TempFolder d, string wavFolder, string name, string? jsonFolder, string? json, double seconds = 2)
    {
        var wav = Path.Combine(d.Path, wavFolder, name + ".wav");
        Directory.CreateDirectory(Path.GetDirectoryName(wav)!);
        WavWriter.Write(wav, new float[(int)(seconds * 8000)], 8000);
        if (jsonFolder is not null && json is not null) d.File(Path.Combine(jsonFolder, name + ".json"), json);
        return wav;
    }

    static DatasetScan Scan(TempFolder d) =>
        DatasetRegistry.Scan(DatasetRegistry.Resolve("sprsound").ThrowIfFail().Head, d.Path, new DatasetOptions()).ThrowIfFail();

    static RecordingRef Only(DatasetScan scan, string name) => scan.Recordings.Find(r => r.Name == name).IfNone(() =>
        throw new Xunit.Sdk.XunitException($"{name} not among {string.Join(", ", scan.Recordings.Map(r => r.Name))}; skipped: {string.Join("; ", scan.Skipped.Map(s => s.Reason))}"));

    static Seq<EventAnnotation> EventsOf(RecordingRef r) => r.Events.IfNone(() => throw new Xunit.Sdk.XunitException("no events"));

    [Fact]
    public void String_millisecond_times_become_exact_times_and_the_record_label_is_kept()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("CAS", ("342", "2515", "Wheeze"), ("2557", "3776", "Normal")));

        var r = Only(Scan(d), "100_5.1_0_p1_1");
        Assert.Equal(new[] { (342L, 2515L, "Wheeze"), (2557L, 3776L, "Normal") },
            EventsOf(r).Map(e => ((long)e.Start.TotalMilliseconds, (long)e.End.TotalMilliseconds, e.Type)).ToArray());
        Assert.Equal(TimeSpan.FromTicks(342 * TimeSpan.TicksPerMillisecond), EventsOf(r)[0].Start);
        Assert.Equal("CAS", r.RecordAnnotation);
        Assert.Equal(OfficialParts.Train, r.OfficialPart);
        Assert.True(r.Cycles.IsNone);
    }

    [Fact]
    public void Events_keep_the_file_order_not_time_order()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("DAS", ("6040", "7000", "Fine Crackle"), ("3763", "5000", "Normal"), ("1564", "2900", "Normal")));

        var starts = EventsOf(Only(Scan(d), "100_5.1_0_p1_1")).Map(e => (long)e.Start.TotalMilliseconds).ToArray();
        Assert.Equal(new[] { 6040L, 3763L, 1564L }, starts);
    }

    [Fact]
    public void Poor_quality_recordings_have_an_empty_event_list_not_none()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("Poor Quality"));

        var r = Only(Scan(d), "100_5.1_0_p1_1");
        Assert.True(r.Events.IsSome);
        Assert.Empty(EventsOf(r));
        Assert.Equal("Poor Quality", r.RecordAnnotation);
    }

    [Fact]
    public void The_patient_is_the_first_name_field_alone_whatever_the_age_field_says()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("Normal", ("0", "900", "Normal")));
        Recording(d, "train_wav", "100_5.3_0_p2_2", "train_json", Json("Normal", ("0", "900", "Normal")));
        Recording(d, "test_wav", "100_5.4_0_p3_3", "test_json/intra_test_json", Json("Normal", ("0", "900", "Normal")));

        var scan = Scan(d);
        Assert.Equal(3, scan.Recordings.Count);
        Assert.All(scan.Recordings, r => Assert.Equal("100", r.Patient));
        Assert.Equal(1, scan.PatientCount);
        Assert.Equal(new SprsoundName("100", "5.3", "0", 2, "2"), SprsoundName.Parse("100_5.3_0_p2_2").ThrowIfFail());
    }

    [Fact]
    public void Pneumonia_comes_from_the_patients_diagnosis_severe_or_not()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("Normal"));
        Recording(d, "train_wav", "300_4_1_p1_2", "train_json", Json("Normal"));
        Recording(d, "test_wav", "400_2_0_p4_3", "test_json/inter_test_json", Json("Normal"));
        Recording(d, "test_wav", "500_9_1_p4_4", "test_json/inter_test_json", Json("Normal"));

        var scan = Scan(d);
        Assert.Equal(new[] { ("100", 1, "Pneumonia (severe)"), ("300", 0, "Asthma"), ("400", 1, "Pneumonia (non-severe)"), ("500", 0, "Control Group") },
            scan.Recordings.OrderBy(r => r.Patient).Select(r => (r.Patient, r.Labels.Pneumonia, r.Labels.Diagnosis)).ToArray());
    }

    [Fact]
    public void A_patient_missing_from_the_table_skips_the_recording_naming_file_and_patient()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("Normal"));
        var missing = Recording(d, "train_wav", "200_3_1_p3_2", "train_json", Json("Normal"));

        var scan = Scan(d);
        Assert.Equal(new[] { "100_5.1_0_p1_1" }, scan.Recordings.Map(r => r.Name).ToArray());
        var skipped = Assert.Single(scan.Skipped);
        Assert.Equal(missing, skipped.Path);
        Assert.Contains("patient 200", skipped.Reason);
        Assert.Contains(PatientSummaryTable.FileName, skipped.Reason);
    }

    [Fact]
    public void Bad_json_files_skip_their_recording_with_a_reason_naming_the_json_and_the_scan_goes_on()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("Normal", ("0", "900", "Normal")));
        var cases = new (string Name, string? Json, string Reason)[]
        {
            ("300_4_1_p1_2", "{\"record_annotation\": \"Normal\", \"event_annotation\": [", "malformed json"),
            ("300_4_1_p1_3", "", "malformed json"),
            ("300_4_1_p1_4", "{\"recording_annotation\": \"Normal\", \"event_annotation\": []}", "holds 'recording_annotation' (the README's example) instead of 'record_annotation'"),
            ("300_4_1_p1_5", "{\"event_annotation\": []}", "no 'record_annotation' key (nor the README's 'recording_annotation')"),
            ("300_4_1_p1_6", "{\"record_annotation\": \"Normal\", \"event_annotation\": [{\"start\": 342, \"end\": \"900\", \"type\": \"Normal\"}]}", "event_annotation[0]: 'start' must be a string of milliseconds"),
            ("300_4_1_p1_7", "{\"record_annotation\": \"Normal\", \"event_annotation\": [{\"start\": \"0.5\", \"end\": \"900\", \"type\": \"Normal\"}]}", "'start' is not a whole number of milliseconds: \"0.5\""),
            ("300_4_1_p1_8", "{\"record_annotation\": \"Normal\", \"event_annotation\": [{\"start\": \"900\", \"end\": \"900\", \"type\": \"Normal\"}]}", "end 900 ms is not after start 900 ms"),
            ("300_4_1_p1_9", "{\"record_annotation\": \"Normal\"}", "no 'event_annotation' key"),
            ("300_4_1_p1_10", "[1, 2]", "expected a json object, got array"),
            ("300_4_1_p1_11", "{\"record_annotation\": \"Normal\", \"event_annotation\": [{\"start\": \"0\", \"end\": \"900\"}]}", "'type' must be a non-empty string"),
            ("300_4_1_p1_12", null, "no annotation: 300_4_1_p1_12.json is in none of train_json/"),
        };
        foreach (var c in cases) Recording(d, "train_wav", c.Name, "train_json", c.Json);
        Recording(d, "train_wav", "not-a-sprsound-name", "train_json", Json("Normal"));

        var scan = Scan(d);
        Assert.Equal(new[] { "100_5.1_0_p1_1" }, scan.Recordings.Map(r => r.Name).ToArray());
        Assert.Equal(cases.Length + 1, scan.Skipped.Count);
        foreach (var c in cases)
        {
            var skipped = Assert.Single(scan.Skipped, s => Path.GetFileNameWithoutExtension(s.Path) == c.Name);
            Assert.Contains(c.Reason, skipped.Reason);
            if (c.Json is not null) Assert.StartsWith(Path.Combine(d.Path, "train_json", c.Name + ".json") + ": ", skipped.Reason);
        }
        Assert.Contains("is not a SPRSound name", Assert.Single(scan.Skipped, s => s.Path.EndsWith("not-a-sprsound-name.wav")).Reason);
    }

    [Fact]
    public void Test_recordings_take_their_part_from_the_json_folder_and_know_their_clips()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "test_wav", "400_2_0_p4_1", "test_json/inter_test_json", Json("CAS", ("500", "900", "Wheeze"), ("100", "400", "Normal")));
        Recording(d, "test_wav", "100_5.4_0_p1_2", "test_json/intra_test_json", Json("Poor Quality"));
        var twice = Recording(d, "test_wav", "400_2_0_p4_3", "test_json/inter_test_json", Json("Normal"));
        d.File("test_json/intra_test_json/400_2_0_p4_3.json", Json("Normal"));
        var lost = Recording(d, "test_wav", "400_2_0_p4_4", null, null);
        d.File("test_clip/400_2_0_p4_1_0.wav");
        d.File("test_clip/400_2_0_p4_1_7.wav");              // no event 7
        d.File("test_json/inter_test_json/400_2_0_p4_9.json", Json("Normal")); // no wav

        var scan = Scan(d);
        var inter = Only(scan, "400_2_0_p4_1");
        Assert.Equal(OfficialParts.InterTest, inter.OfficialPart);
        Assert.Equal(OfficialParts.IntraTest, Only(scan, "100_5.4_0_p1_2").OfficialPart);
        Assert.Equal(new[] { Path.Combine(d.Path, "test_clip", "400_2_0_p4_1_0.wav"), Path.Combine(d.Path, "test_clip", "400_2_0_p4_1_1.wav") },
            SprsoundAdapter.TestClips(inter).ToArray());
        Assert.Empty(SprsoundAdapter.TestClips(Only(scan, "100_5.4_0_p1_2")));
        Assert.Contains("annotated twice", Assert.Single(scan.Skipped, s => s.Path == twice).Reason);
        Assert.Contains("is in none of test_json/inter_test_json/, test_json/intra_test_json/", Assert.Single(scan.Skipped, s => s.Path == lost).Reason);
        Assert.Equal(2, scan.Skipped.Count);
        Assert.Contains(scan.Warnings, w => w.Contains("400_2_0_p4_1_1.wav is missing"));
        Assert.Contains(scan.Warnings, w => w.Contains("400_2_0_p4_1_7.wav belongs to no event"));
        Assert.Contains(scan.Warnings, w => w.Contains("400_2_0_p4_9.json: annotation without a recording"));
        Assert.Equal(3, scan.Warnings.Count);
    }

    [Fact]
    public void The_table_is_required_and_its_bad_rows_are_skipped_by_line()
    {
        using var d = new TempFolder();
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("Normal"));
        var adapter = DatasetRegistry.Resolve("sprsound").ThrowIfFail().Head;
        var missing = DatasetRegistry.Scan(adapter, d.Path, new DatasetOptions());
        Assert.True(missing.IsFail);
        missing.Match(Succ: _ => { }, Fail: e => Assert.Contains($"{Path.Combine(d.Path, PatientSummaryTable.FileName)} not found", e.Message));

        d.File(PatientSummaryTable.FileName, "id,disease\n1,x\n");
        DatasetRegistry.Scan(adapter, d.Path, new DatasetOptions())
            .Match(Succ: _ => Assert.Fail("a table without patient_num must fail"), Fail: e => Assert.Contains(":1: header must name patient_num and disease", e.Message));

        d.File(PatientSummaryTable.FileName, Table + "4,600,,3,M\n5,100,Asthma,5,M\n");
        var scan = Scan(d);
        Assert.Equal(1, Only(scan, "100_5.1_0_p1_1").Labels.Pneumonia);
        Assert.Equal(new[] { $"{PatientSummaryTable.FileName}:6", $"{PatientSummaryTable.FileName}:7" }, scan.Skipped.Map(s => Path.GetFileName(s.Path)).ToArray());
        Assert.Contains("empty patient_num or disease", scan.Skipped[0].Reason);
        Assert.Contains("listed again with another disease", scan.Skipped[1].Reason);
    }

    [Fact]
    public void The_summary_counts_parts_record_labels_events_and_diagnoses()
    {
        using var d = new TempFolder();
        d.File(PatientSummaryTable.FileName, Table);
        Recording(d, "train_wav", "100_5.1_0_p1_1", "train_json", Json("CAS", ("0", "900", "Wheeze"), ("1000", "1900", "Normal")));
        Recording(d, "train_wav", "300_4_1_p1_2", "train_json", Json("Poor Quality"));
        Recording(d, "test_wav", "400_2_0_p4_3", "test_json/inter_test_json", Json("Normal", ("100", "400", "Normal")));

        var summary = DatasetSummary.Of(Scan(d), AudioProbe.Of, new ChunkParams(), TaskRegistry.Pneumonia);
        var rows = summary.Details.ToDictionary(r => r.Name, r => r.Value);
        Assert.Equal("train 2, inter-test 1", rows["official parts: recordings"]);
        Assert.Equal("train 2 (pneumonia 1), inter-test 1 (pneumonia 1)", rows["official parts: patients"]);
        Assert.Equal("CAS 1, Poor Quality 1", rows["record labels (train)"]);
        Assert.Equal("Normal 1", rows["record labels (inter-test)"]);
        Assert.Equal("2: Normal 1, Wheeze 1", rows["events (train)"]);
        Assert.Equal("1: Normal 1", rows["events (inter-test)"]);
        Assert.Equal("Asthma 1, Pneumonia (non-severe) 1, Pneumonia (severe) 1", rows["patients: diagnosis"]);
        Assert.Equal("4 patients: Asthma 1, Control Group 1, Pneumonia (non-severe) 1, Pneumonia (severe) 1", rows["diagnosis table"]);
        Assert.Equal((3, 3), (summary.Recordings, summary.Patients));
    }

    [Fact]
    public void Event_samples_truncate_at_any_rate()
    {
        static EventAnnotation Ms(long start, long end) => new(TimeSpan.FromTicks(start * TimeSpan.TicksPerMillisecond), TimeSpan.FromTicks(end * TimeSpan.TicksPerMillisecond), "Normal");
        Assert.Equal((2736L, 20120L), Ms(342, 2515).Samples(8000));           // exact at 8 kHz: ms × 8
        Assert.Equal((15082L, 110911L), Ms(342, 2515).Samples(44100));        // 15082.2, 110911.5: floored
        Assert.Equal((1L, 2L), Ms(1, 2).Samples(1000));
    }
}
