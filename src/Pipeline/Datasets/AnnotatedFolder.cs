using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The scan shared by every dataset laid out like ICBHI: a flat folder of <c>.wav</c> files, each
/// with a same-name <c>.txt</c> of cycle annotations. The caller says how a file name gives a patient and how
/// a patient gets a pneumonia label. A bad name or a missing/corrupt annotation skips that file only.</summary>
public static class AnnotatedFolder
{
    public static DatasetScan Scan(
        string dataset,
        string folder,
        Func<string, Fin<string>> patientOf,
        Func<string, RecordingLabels> labelsOf,
        Seq<string> warnings)
    {
        var recordings = new List<RecordingRef>();
        var listing = WavFolder.List(folder, recursive: false);
        var skipped = listing.Skipped.ToList();
        foreach (var wav in listing.Files)
        {
            var name = Path.GetFileNameWithoutExtension(wav);
            var outcome =
                from patient in patientOf(name)
                from annotation in IO.ContainedPath.Within(folder, Path.ChangeExtension(wav, ".txt"))
                from cycles in CycleAnnotationFile.Read(annotation)
                select new RecordingRef(dataset, wav, name, patient, labelsOf(patient), Some(cycles));
            outcome.Match(
                Succ: recordings.Add,
                Fail: e => skipped.Add(new SkippedFile(wav, e.Message)));
        }
        return new DatasetScan(dataset, toSeq(recordings), toSeq(skipped), warnings);
    }

    /// <summary>Pneumonia labels from the folder's diagnosis file. Absent file, unreadable file or a patient
    /// the file does not list: pneumonia unknown (-1), with a warning or a skipped-file entry saying so.</summary>
    public static DiagnosisLookup Diagnoses(string dataset, string folder)
    {
        var file = DiagnosisFile.Find(folder);
        if (file.IsNone)
            return new DiagnosisLookup(None,
                Seq1($"{dataset}: no diagnosis file ({string.Join(" or ", DiagnosisFile.FileNames)}) in {folder}: pneumonia labels unknown"),
                Empty);
        var path = (string)file;
        return IO.ContainedPath.Within(folder, path).Bind(DiagnosisFile.Read).Match(
            Succ: map => new DiagnosisLookup(Some(map), Empty, Empty),
            Fail: e => new DiagnosisLookup(None,
                Seq1($"{dataset}: diagnosis file unreadable: pneumonia labels unknown"),
                Seq1(new SkippedFile(path, e.Message))));
    }

    /// <summary>A warning per patient whose recordings are kept but whose diagnosis is unknown.</summary>
    public static DatasetScan WarnUnlabelledPatients(DatasetScan scan, DiagnosisLookup lookup) =>
        lookup.Map.IsNone
            ? scan
            : scan with
            {
                Warnings = scan.Warnings + scan.Recordings
                    .Filter(r => r.Labels.Pneumonia < 0).Map(r => r.Patient).Distinct()
                    .Map(p => $"{scan.Dataset}: patient {p} is not in the diagnosis file: pneumonia label unknown"),
            };
}

/// <summary>The diagnoses a folder provides, and what went wrong finding them.</summary>
public sealed record DiagnosisLookup(Option<Map<string, string>> Map, Seq<string> Warnings, Seq<SkippedFile> Problems)
{
    public RecordingLabels LabelsOf(string patient) =>
        Map.Bind(m => m.Find(patient)).Match(
            Some: d => new RecordingLabels(DiagnosisFile.IsPneumonia(d) ? 1 : 0, Diagnosis: d),
            None: () => new RecordingLabels(-1));
}
