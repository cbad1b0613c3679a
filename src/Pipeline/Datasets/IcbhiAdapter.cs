using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>ICBHI 2017: a flat folder of <c>&lt;patient&gt;_&lt;rec&gt;_&lt;loc&gt;_&lt;mode&gt;_&lt;device&gt;.wav</c> + same-name
/// cycle <c>.txt</c>, a diagnosis file (pneumonia = diagnosis "Pneumonia"), optionally the official split
/// file. The diagnosis and split <c>.txt</c> files are not annotations and are never read as such (only
/// <c>.txt</c> files beside a <c>.wav</c> are).</summary>
public static class IcbhiAdapter
{
    public const string Name = "icbhi";
    public const string OfficialSplitFile = "ICBHI_challenge_train_test.txt";

    /// <summary>The original's name for the same list (its loaders read <c>official_labels.txt</c>); read when
    /// <see cref="OfficialSplitFile"/> is absent.</summary>
    public const string OriginalSplitFile = "official_labels.txt";

    /// <summary>Both accepted names, for messages.</summary>
    public const string OfficialSplitFiles = OfficialSplitFile + " (or " + OriginalSplitFile + ")";

    /// <summary>Pneumonia from the diagnosis file, crackles/wheezes per annotated cycle.</summary>
    public static DatasetLabels Provides { get; } = new(Pneumonia: true, CycleAnnotations: true);

    public const string Layout =
        "a flat folder of <patient>_<recording>_<location>_<sc|mc>_<device>.wav files, each with a same-name .txt " +
        "(one line per cycle: start end crackles wheezes), plus ICBHI_Challenge_diagnosis.txt or patient_diagnosis.csv " +
        "(patient id, diagnosis) and optionally ICBHI_challenge_train_test.txt or the original's official_labels.txt (name train|test)";

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options) =>
        ScanAs(Name, folder, options, name => IcbhiName.Parse(name).Map(n => n.Patient));

    /// <summary>The ICBHI scan under another dataset name and patient rule (Antwerp reuses it, as the original did).</summary>
    public static DatasetScan ScanAs(string dataset, string folder, DatasetOptions options, Func<string, Fin<string>> patientOf)
    {
        var diagnoses = AnnotatedFolder.Diagnoses(dataset, folder);
        var scan = AnnotatedFolder.Scan(dataset, folder, patientOf, diagnoses.LabelsOf, diagnoses.Warnings);
        scan = AnnotatedFolder.WarnUnlabelledPatients(scan, diagnoses) with { Skipped = scan.Skipped + diagnoses.Problems };

        var splitPath = new[] { OfficialSplitFile, OriginalSplitFile }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        if (!options.ReadIcbhiOfficialSplit || splitPath is null) return scan;
        return IO.ContainedPath.Within(folder, splitPath).Bind(OfficialSplit.Parse).Match(
            Succ: split => scan with { OfficialSplit = Some(split), Recordings = scan.Recordings.Map(r => WithOfficialPart(r, split)) },
            Fail: e => scan with { Skipped = scan.Skipped.Add(new SkippedFile(splitPath, e.Message)) });
    }

    /// <summary>The recording's side in the challenge's list as its <see cref="RecordingRef.OfficialPart"/> (train or test);
    /// none when the list does not name it.</summary>
    static RecordingRef WithOfficialPart(RecordingRef r, OfficialSplit split) =>
        r with { OfficialPart = split.IsTrainByRecording.Find(r.Name).Map(train => train ? OfficialParts.Train : OfficialParts.Test) };
}
