using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>KAUH (Jordan): a flat folder of <c>&lt;B|D|E&gt;P&lt;n&gt;_&lt;diagnosis&gt;,&lt;sound&gt;,&lt;position&gt;,&lt;age&gt;,&lt;sex&gt;.wav</c>.
/// Patient = <c>n</c>, shared by the B, D and E files (three filters of one recording), so a patient-grouped
/// split keeps them together. Pneumonia from the diagnosis; crackles/wheezes at recording level from the
/// sound type. Filters outside <see cref="DatasetOptions.JordanFilters"/> are skipped with that reason. With
/// <see cref="DatasetOptions.JordanWorkbookLabels"/> (the original preset), pneumonia comes from the dataset's
/// <c>Data_annotation.xlsx</c> when present (<see cref="JordanWorkbook"/>); the recordings may sit in <c>Audio_Files/</c>.</summary>
public static class JordanAdapter
{
    public const string Name = "jordan";

    /// <summary>Where the published dataset keeps its recordings (read when the folder itself holds none).</summary>
    public const string AudioFolder = "Audio_Files";

    /// <summary>Pneumonia from the diagnosis in the name, crackles/wheezes per recording from the sound type.</summary>
    public static DatasetLabels Provides { get; } = new(Pneumonia: true, RecordingSounds: true);

    public const string Layout =
        "a flat folder of <B|D|E>P<patient>_<diagnosis>,<sound type>,<chest position>,<age>,<sex>.wav files " +
        "(KAUH / Fraiwan et al. naming, e.g. 'BP108_COPD,E W,P R L ,63,M.wav')";

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options)
    {
        var recordings = new List<RecordingRef>();
        // The dataset as published keeps its recordings in Audio_Files/ beside Data_annotation.xlsx.
        var audio = Directory.Exists(Path.Combine(folder, AudioFolder)) && !WavFolder.List(folder, recursive: false).Files.Any()
            ? Path.Combine(folder, AudioFolder) : folder;
        var listing = WavFolder.List(audio, recursive: false);
        var skipped = listing.Skipped.ToList();
        var warnings = new List<string>();
        var workbook = Option<(string Path, Map<string, string> Diagnoses)>.None;
        if (options.JordanWorkbookLabels && JordanWorkbook.Find(folder).Case is string bookPath)
            // Read only when it resolves inside the folder it was found in (a link out is skipped with the reason).
            IO.ContainedPath.Within(Path.GetDirectoryName(bookPath)!, bookPath).Bind(JordanWorkbook.Read).Match(
                Succ: d => { workbook = Some((bookPath, d)); warnings.Add($"{Name}: pneumonia labels from {bookPath} (column E), as the original"); },
                Fail: e => { skipped.Add(new SkippedFile(bookPath, $"{e.Message}; pneumonia labels from the file names instead")); });
        foreach (var wav in listing.Files)
        {
            var stem = Path.GetFileNameWithoutExtension(wav);
            JordanName.Parse(stem).Match(
                Succ: n =>
                {
                    if (!options.KeepsJordanFilter(n.Filter))
                    {
                        skipped.Add(new SkippedFile(wav, $"filter {n.Filter} not selected (jordan_filters = {options.JordanFilters})"));
                        return;
                    }
                    if (n.UnknownDiagnosisParts.Count > 0)
                        warnings.Add($"{Name}: {Path.GetFileName(wav)}: unknown diagnosis '{string.Join("', '", n.UnknownDiagnosisParts)}' (taken as not pneumonia)");
                    if (n.UnknownSoundTokens.Count > 0)
                        warnings.Add($"{Name}: {Path.GetFileName(wav)}: unknown sound-type code '{string.Join("', '", n.UnknownSoundTokens)}' (ignored)");
                    bool pneumonia = n.IsPneumonia;
                    if (workbook.Case is (string book, Map<string, string> diagnoses))
                    {
                        if (diagnoses.Find(n.Patient).Case is string diagnosis) pneumonia = JordanWorkbook.IsPneumonia(diagnosis);
                        else warnings.Add($"{Name}: {Path.GetFileName(wav)}: patient {n.Patient} not in {Path.GetFileName(book)}; label from the file name");
                    }
                    var labels = new RecordingLabels(
                        pneumonia ? 1 : 0,
                        Crackles: n.HasCrackles(options.CountCrepAsCrackles),
                        Wheezes: n.HasWheezes,
                        Diagnosis: n.NormalisedDiagnosis);
                    recordings.Add(new RecordingRef(Name, wav, stem, n.Patient, labels, None));
                },
                Fail: e => skipped.Add(new SkippedFile(wav, e.Message)));
        }
        return new DatasetScan(Name, toSeq(recordings), toSeq(skipped), toSeq(warnings));
    }
}
