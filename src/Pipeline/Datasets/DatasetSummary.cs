using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The numbers `runner datasets` prints and every job report carries, per dataset: recordings,
/// patients, total duration, sample rates seen, class counts at recording / patient / chunk / cycle level,
/// and the files skipped with their reason (including files the probe could not read).
/// Pneumonia classes: pneumonia, non-pneumonia, unknown. Crackle/wheeze classes (exclusive, the 4-class
/// index): none, crackles, wheezes, both. Chunk classes follow the task and the chunking parameters, counted
/// from durations at <see cref="TargetSampleRate"/> without decoding. <see cref="Details"/>: rows the adapter
/// adds (<see cref="DatasetScan.Notes"/>) and rows from the recordings' own annotations (<see cref="AnnotationRows"/>).</summary>
public sealed record DatasetSummary(
    string Dataset,
    LearningTask Task,
    int TargetSampleRate,
    int Recordings,
    int Patients,
    double TotalSeconds,
    Seq<int> SampleRates,
    Seq<ClassCount> RecordingPneumonia,
    Seq<ClassCount> PatientPneumonia,
    Seq<ClassCount> RecordingCracklesWheezes,
    Seq<ClassCount> Cycles,
    int Chunks,
    Seq<ClassCount> ChunkClasses,
    Seq<SkippedFile> Skipped,
    Seq<string> Warnings,
    Seq<SummaryRow> Details = default)
{
    public static readonly Seq<string> PneumoniaClasses = Seq("pneumonia", "non-pneumonia", "unknown");

    public static DatasetSummary Of(
        DatasetScan scan,
        Func<string, Fin<(int SampleRate, double Seconds)>> probe,
        ChunkParams p,
        LearningTask task,
        int targetSampleRate = 8000)
    {
        var probed = scan.Recordings.Map(r => (Rec: r, Info: probe(r.Path)));
        var unreadable = probed.Filter(x => x.Info.IsFail)
            .Map(x => new SkippedFile(x.Rec.Path, "unreadable: " + x.Info.Match(_ => "", e => e.Message)));
        var ok = probed.Bind(x => x.Info.Map(info => (x.Rec, Info: info)).ToSeq());
        var recs = ok.Map(x => x.Rec);

        var chunkLabels = ok.Filter(x => task.IsUsable(x.Rec))
            .Bind(x => ChunkLabels(x.Rec, (int)Math.Round(x.Info.Seconds * targetSampleRate), targetSampleRate, p, task));

        return new DatasetSummary(
            scan.Dataset,
            task,
            targetSampleRate,
            recs.Count,
            recs.Map(r => r.Patient).Distinct().Count,
            ok.Sum(x => x.Info.Seconds),
            toSeq(ok.Map(x => x.Info.SampleRate).Distinct().OrderBy(r => r)),
            Tally(PneumoniaClasses, recs.Map(r => PneumoniaClass(r.Labels.Pneumonia))),
            Tally(PneumoniaClasses, recs.GroupBy(r => r.Patient).Select(g => PneumoniaClass(PatientLabel(g))).ToSeq()),
            Tally(CycleLabeler.ClassNames, recs.Filter(TaskLabels.HasSoundLabels)
                .Map(r => TaskLabels.RecordingCracklesWheezes(r))
                .Map(cw => CycleLabeler.ClassNames[CycleLabeler.ClassIndex(cw.Crackles, cw.Wheezes)])),
            Tally(CycleLabeler.ClassNames, recs.Bind(r => r.Cycles.IfNone(Empty))
                .Map(c => CycleLabeler.ClassNames[CycleLabeler.ClassIndex(c.Crackles, c.Wheezes)])),
            chunkLabels.Count,
            Tally(toSeq(task.SummaryClasses), chunkLabels),
            scan.Skipped + unreadable,
            scan.Warnings + ok.Bind(x => CyclesOutside(scan.Dataset, x.Rec, x.Info.Seconds)),
            scan.Notes + AnnotationRows.Of(recs));
    }

    /// <summary>Annotations are read without the audio, so a cycle past the recording's end (a wrong annotation
    /// file, or a cut recording) shows only here; the chunker ignores the part outside, and drops a cycle that lies
    /// wholly past the end, which this warning lists by start time (issue 23: never silently).</summary>
    public static Seq<string> CyclesOutside(string dataset, RecordingRef rec, double seconds)
    {
        const double toleranceSeconds = 0.01; // annotations carry milliseconds
        var outside = rec.Cycles.IfNone(Empty).Filter(c => c.End > seconds + toleranceSeconds);
        var beyond = outside.Filter(c => c.Start >= seconds - toleranceSeconds);
        const int listed = 5;
        string dropped = beyond.IsEmpty ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"; {beyond.Count} of them lie wholly past the end and are dropped (starting at {string.Join(", ", beyond.Take(listed).Map(c => c.Start.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}{(beyond.Count > listed ? ", …" : "")} s)");
        return outside.IsEmpty
            ? Empty
            : Seq1(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{dataset}: {rec.Path}: {outside.Count} annotated cycle(s) run past the end of the recording ({seconds:0.###} s; the latest ends at {outside.Max(c => c.End):0.###} s): the part outside is ignored{dropped}"));
    }

    static Seq<string> ChunkLabels(RecordingRef rec, int samples, int sampleRate, ChunkParams p, LearningTask task) =>
        Chunker.LabelsOnly(rec, samples, sampleRate, p, task).Map(task.SummaryClassOf);

    static int PatientLabel(IEnumerable<RecordingRef> recordings)
    {
        var labels = recordings.Select(r => r.Labels.Pneumonia).ToArray();
        return labels.Contains(1) ? 1 : labels.Contains(0) ? 0 : -1;
    }

    static string PneumoniaClass(int label) => label switch { 1 => "pneumonia", 0 => "non-pneumonia", _ => "unknown" };

    static Seq<ClassCount> Tally(Seq<string> classes, Seq<string> items) =>
        classes.Map(c => new ClassCount(c, items.Count(i => i == c)));

    public static int CountOf(Seq<ClassCount> counts, string cls) => counts.Find(c => c.Class == cls).Map(c => c.Count).IfNone(0);
}
