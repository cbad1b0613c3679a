using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>SPRSound 2022 (SJTU paediatric respiratory sounds), read as released: <c>train_wav/</c> + <c>train_json/</c>;
/// <c>test_wav/</c> (both test sets in one folder) with each json in <c>test_json/inter_test_json/</c> or
/// <c>test_json/intra_test_json/</c>, which says the recording's test set; <c>test_clip/</c> (the test events cut
/// out: <c>&lt;recording&gt;_&lt;i&gt;.wav</c>); <c>SPRSound_patient_summary.csv</c> (diagnosis per patient).
/// A recording carries its json's events (file order) and record label, its official part (train, inter-test,
/// intra-test) and pneumonia from its patient's diagnosis. A bad name, a wav without json, a malformed json or a
/// patient the table lacks skips that recording with the reason; the scan goes on.</summary>
public static class SprsoundAdapter
{
    public const string Name = "sprsound";
    public const string TrainWav = "train_wav", TrainJson = "train_json", TestWav = "test_wav", TestClip = "test_clip";
    public static readonly string InterTestJson = Path.Combine("test_json", "inter_test_json");
    public static readonly string IntraTestJson = Path.Combine("test_json", "intra_test_json");

    public const string Layout =
        "the SPRSound release as published: train_wav/ + train_json/, test_wav/ + test_json/inter_test_json/ + " +
        "test_json/intra_test_json/, test_clip/, and SPRSound_patient_summary.csv (,patient_num,disease,age,gender); " +
        "recordings named <patient>_<age>_<sex>_p<location>_<recording>.wav, each with a same-name .json";

    /// <summary>Pneumonia from the patient's diagnosis, typed events and record labels (the challenge tasks). Its events
    /// are neither breathing cycles nor the crackle/wheeze pair the cw and cycles tasks learn, so those tasks do not take it.</summary>
    public static DatasetLabels Provides { get; } = new(Pneumonia: true, Events: true, RecordAnnotations: true);

    /// <summary>Where a part's annotations are: the train part has its own wav folder, the two test parts share one.</summary>
    sealed record Part(string Name, string WavFolder, string JsonFolder);

    static readonly Seq<Part> Parts = Seq(
        new Part(OfficialParts.Train, TrainWav, TrainJson),
        new Part(OfficialParts.InterTest, TestWav, InterTestJson),
        new Part(OfficialParts.IntraTest, TestWav, IntraTestJson));

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options) =>
        IO.ContainedPath.Within(folder, Path.Combine(folder, PatientSummaryTable.FileName))
            .Bind(PatientSummaryTable.Read)
            .BiMap(x => x, e => Error.New($"dataset '{Name}': {e.Message}. It must contain {Layout}."))
            .Map(table => ScanWith(folder, table));

    static DatasetScan ScanWith(string folder, PatientSummaryTable table)
    {
        var wavFolders = Parts.Map(p => p.WavFolder).Distinct().Filter(w => Directory.Exists(Path.Combine(folder, w)));
        // A wav folder that links out of the dataset folder is not walked (the listing below takes it as its root).
        var outside = wavFolders.Map(w => Path.Combine(folder, w))
            .Bind(w => IO.ContainedPath.Within(folder, w).Match(Succ: _ => Seq<SkippedFile>(), Fail: e => Seq1(new SkippedFile(w, e.Message))));
        var listings = wavFolders.Filter(w => IO.ContainedPath.Within(folder, Path.Combine(folder, w)).IsSucc)
            .Map(w => WavFolder.List(Path.Combine(folder, w), recursive: false));
        var outcomes = listings.Bind(l => l.Files).Map(wav => (Wav: wav, Recording: Recording(folder, wav, table)));
        var recordings = outcomes.Bind(o => o.Recording.ToSeq());
        var skipped = outside + listings.Bind(l => l.Skipped)
            + outcomes.Bind(o => o.Recording.Match(Succ: _ => Seq<SkippedFile>(), Fail: e => Seq1(new SkippedFile(o.Wav, e.Message))))
            + table.BadRows;
        var wavStems = toHashSet(listings.Bind(l => l.Files).Map(w => (Path.GetFileName(Path.GetDirectoryName(w)!), Path.GetFileNameWithoutExtension(w))));
        var orphanJson = Parts.Bind(p => JsonFiles(folder, p).Filter(j => !wavStems.Contains((p.WavFolder, Path.GetFileNameWithoutExtension(j)))))
            .Map(j => $"{Name}: {j}: annotation without a recording (no same-name .wav) is not read");
        var (clipWarnings, clipNotes) = ClipCheck(folder, recordings);
        return new DatasetScan(Name, recordings, skipped, orphanJson + clipWarnings,
            Notes: Seq1(TableNote(table)) + clipNotes, TestParts: Seq(OfficialParts.InterTest, OfficialParts.IntraTest));
    }

    /// <summary>One wav: its name, its one json (which also gives the part), its patient's diagnosis.</summary>
    static Fin<RecordingRef> Recording(string folder, string wav, PatientSummaryTable table)
    {
        var stem = Path.GetFileNameWithoutExtension(wav);
        return from name in SprsoundName.Parse(stem)
               from located in Locate(folder, wav)
               from json in IO.ContainedPath.Within(folder, located.Json)
               from annotation in SprsoundAnnotation.Read(json)
               from diagnosis in table.Of(name.Patient)
               select new RecordingRef(Name, wav, stem, name.Patient,
                   new RecordingLabels(PatientSummaryTable.IsPneumonia(diagnosis) ? 1 : 0, Diagnosis: diagnosis),
                   Cycles: None,
                   Events: Some(annotation.Events),
                   RecordAnnotation: Some(annotation.Record),
                   OfficialPart: Some(located.Part));
    }

    /// <summary>The json beside a wav, among the json folders of the parts that share the wav's folder: exactly one.</summary>
    static Fin<(string Part, string Json)> Locate(string folder, string wav)
    {
        var wavFolder = Path.GetFileName(Path.GetDirectoryName(wav)!);
        var stem = Path.GetFileNameWithoutExtension(wav);
        var candidates = Parts.Filter(p => p.WavFolder == wavFolder);
        var found = candidates.Map(p => (Part: p.Name, Json: Path.Combine(folder, p.JsonFolder, stem + ".json"))).Filter(c => File.Exists(c.Json));
        return found.Count switch
        {
            1 => FinSucc(found.Head),
            0 => Error.New($"no annotation: {stem}.json is in none of {string.Join(", ", candidates.Map(p => p.JsonFolder + "/"))}"),
            _ => Error.New($"annotated twice: {string.Join(" and ", found.Map(f => f.Json))} (a recording belongs to one test set)"),
        };
    }

    static Seq<string> JsonFiles(string folder, Part part)
    {
        var dir = Path.Combine(folder, part.JsonFolder);
        return Directory.Exists(dir)
            ? toSeq(Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal).ToArray())
            : Empty;
    }

    /// <summary>The clips of a test recording's events, <c>test_clip/&lt;recording&gt;_&lt;i&gt;.wav</c> for its i-th json event
    /// (i from 0, in json order): the samples <see cref="EventAnnotation.Samples"/> of the recording, byte for byte in the
    /// release. Empty for train recordings. Paths only: whether they exist is the scan's clip check.</summary>
    public static Seq<string> TestClips(RecordingRef recording)
    {
        var isTest = recording.OfficialPart.Exists(p => p is OfficialParts.InterTest or OfficialParts.IntraTest);
        if (!isTest) return Empty;
        var clipFolder = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(recording.Path)!)!, TestClip);
        return toSeq(Enumerable.Range(0, recording.Events.Map(e => e.Count).IfNone(0)).Select(i => Path.Combine(clipFolder, $"{recording.Name}_{i}.wav")).ToArray());
    }

    /// <summary>Every test event should have its clip and every clip an event: a warning per exception, and the count.</summary>
    static (Seq<string> Warnings, Seq<SummaryRow> Notes) ClipCheck(string folder, Seq<RecordingRef> recordings)
    {
        var dir = Path.Combine(folder, TestClip);
        if (!Directory.Exists(dir)) return (Empty, Empty);
        var present = toHashSet(Directory.EnumerateFiles(dir).Where(WavFolder.HasWavExtension).Select(Path.GetFileName).OfType<string>());
        var expected = recordings.Bind(TestClips).Map(c => Path.GetFileName(c));
        var expectedSet = toHashSet(expected);
        var missing = expected.Filter(c => !present.Contains(c)).Map(c => $"{Name}: test clip {Path.Combine(dir, c)} is missing");
        var stray = toSeq(present.Filter(c => !expectedSet.Contains(c)).OrderBy(c => c, StringComparer.Ordinal).ToArray())
            .Map(c => $"{Name}: test clip {Path.Combine(dir, c)} belongs to no event of a scanned test recording");
        return (missing + stray,
            Seq1(new SummaryRow("test clips", $"{present.Count} ({expected.Count - missing.Count} of {expected.Count} test events have theirs)")));
    }

    static SummaryRow TableNote(PatientSummaryTable table) =>
        new("diagnosis table", $"{table.Diagnoses.Count} patients: {AnnotationRows.Tally(table.Diagnoses.Values.ToSeq())}");
}
