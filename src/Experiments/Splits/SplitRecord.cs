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
        ReportJson.ReadFile<SplitRecord>(Path.Combine(directory, FileName), "split record").Bind(r => r.Verified(Path.Combine(directory, FileName)));

    /// <summary>The record when it is consistent: no recording on both sides, and the fingerprint recomputed from its
    /// recordings equals the one it stores. An edited split.json (a validation recording moved to train) would let
    /// patients leak between the sides of a resumed or re-scored job (issue 23), so it is refused, naming what is wrong.</summary>
    public Fin<SplitRecord> Verified(string source)
    {
        var trainNames = (Train?.Recordings ?? []).Select(r => (r.Dataset, r.Name)).ToHashSet();
        var both = (Validation?.Recordings ?? []).Where(r => trainNames.Contains((r.Dataset, r.Name))).Select(r => $"{r.Dataset}/{r.Name}").ToArray();
        if (both.Length > 0)
            return JobError.BadInput($"{source}: recordings on both sides of the split (the file was edited; restore it or start a new job):", toSeq(both));
        if (Train is null || Validation is null || Fingerprint is null)
            return JobError.BadInput($"{source}: not a split record (train, validation or fingerprint missing)");
        var recomputed = FingerprintOf(Train, Validation);
        if (recomputed == Fingerprint) return this;
        var trainPatients = Train.Recordings.Select(r => r.PatientKey).ToHashSet();
        var leaking = Validation.Recordings.Select(r => r.PatientKey).Where(trainPatients.Contains).Distinct().Order(StringComparer.Ordinal).ToArray();
        return JobError.BadInput(
            $"{source}: its fingerprint {Short(Fingerprint)} does not match its recordings (recomputed {Short(recomputed)}): the file was edited after the job wrote it; restore it or start a new job",
            toSeq(leaking.Select(k => $"patient {k} now has recordings on both sides")));
    }

    static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

/// <summary>One side of a recorded split.</summary>
public sealed record SplitSide(IReadOnlyList<RecordedPatient> Patients, IReadOnlyList<RecordedRecording> Recordings);
