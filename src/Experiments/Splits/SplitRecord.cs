using DataflowLung.Pipeline.Tasks;
using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Splits;

/// <summary><c>split.json</c> of a job folder: the patients (with their labels) and recordings (with content hashes)
/// on each side of the job's split, and a fingerprint over all of it. <c>--resume</c> and <c>evaluate --job</c>
/// reuse this split instead of splitting again, so a data root that changed cannot move patients across sides.</summary>
public sealed record SplitRecord(string Task, string DataRoot, IReadOnlyList<string> Notes, string Fingerprint, SplitSide Train, SplitSide Validation)
{
    public const string FileName = "split.json";

    public static SplitRecord Of(SplitResult split, LearningTask task, string dataRoot, RecordingFingerprints fingerprints)
    {
        SplitSide Side(Seq<RecordingRef> side) => new(RecordingFingerprints.Patients(side, task),
            side.Map(r => fingerprints.Of(r, dataRoot)).OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray());
        var train = Side(split.Train);
        var validation = Side(split.Validation);
        return new SplitRecord(task.Name, Path.GetFullPath(dataRoot), split.Notes.ToArray(), FingerprintOf(train, validation), train, validation);
    }

    public static string FingerprintOf(SplitSide train, SplitSide validation) =>
        RecordingFingerprints.Fingerprint(train.Recordings.Select(r => ("train", r)).Concat(validation.Recordings.Select(r => ("validation", r))));

    /// <summary>The recorded split applied to what <paramref name="scans"/> hold now (see <see cref="RecordingLedger"/>);
    /// the warnings about ignored recordings are among the notes.</summary>
    public Fin<SplitResult> Reuse(Seq<DatasetScan> scans, LearningTask task, string dataRoot, RecordingFingerprints fingerprints, string source)
    {
        var usable = TaskLabels.Usable(scans, task);
        var self = this;
        return RecordingLedger.Match([.. Train.Recordings, .. Validation.Recordings], usable, dataRoot, fingerprints, source).Map(m =>
            new SplitResult(
                toSeq(self.Train.Recordings.Select(r => m.ByName[(r.Dataset, r.Name)]).ToArray()),
                toSeq(self.Validation.Recordings.Select(r => m.ByName[(r.Dataset, r.Name)]).ToArray()),
                toSeq(self.Notes).Add($"reused the split recorded in {source} (fingerprint {self.Fingerprint[..12]})") + m.Warnings));
    }

    /// <summary>The recorded validation side only (<c>evaluate --job</c>): its recordings must be unchanged; the training
    /// side may have changed, and recordings added since are ignored with a warning.</summary>
    public Fin<SplitResult> ReuseValidation(Seq<DatasetScan> scans, LearningTask task, string dataRoot, RecordingFingerprints fingerprints, string source)
    {
        var usable = TaskLabels.Usable(scans, task);
        var trained = Train.Recordings.Select(r => (r.Dataset, r.Name)).ToHashSet();
        var self = this;
        return RecordingLedger.Match(Validation.Recordings, usable.Filter(r => !trained.Contains((r.Dataset, r.Name))), dataRoot, fingerprints, source).Map(m =>
            new SplitResult(Empty, toSeq(self.Validation.Recordings.Select(r => m.ByName[(r.Dataset, r.Name)]).ToArray()),
                Seq1($"the validation side of the split recorded in {source} (fingerprint {self.Fingerprint[..12]})") + m.Warnings));
    }

    public void Write(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, ReportJson.Options));

    public static Fin<SplitRecord> Read(string directory) =>
        ReportJson.ReadFile<SplitRecord>(Path.Combine(directory, FileName), "split record");
}

/// <summary>One side of a recorded split.</summary>
public sealed record SplitSide(IReadOnlyList<RecordedPatient> Patients, IReadOnlyList<RecordedRecording> Recordings);
