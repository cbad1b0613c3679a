using DataflowLung.Pipeline.Tasks;
using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Splits;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary><c>folds.json</c> of a cross-validation folder: the fold plan (which patients each fold validates on,
/// with their labels), every recording with its content hash, and per fold the fingerprint its job folder's
/// split.json must carry. Written once, by the first run that reaches the folder; every later fold run (another
/// process, another machine) reuses this plan instead of planning again, and <c>aggregate</c> checks each fold
/// folder against it.</summary>
public sealed record FoldsRecord(string Task, int Folds, int Repeats, int Seed, bool Stratified, string Note, string DataRoot,
    IReadOnlyList<RecordedPatient> Patients, IReadOnlyList<RecordedRecording> Recordings, IReadOnlyList<FoldEntry> FoldList)
{
    public const string FileName = "folds.json";

    public int Count => Folds * Repeats;

    public static FoldsRecord Of(FoldPlan plan, Seq<RecordingRef> usable, LearningTask task, string dataRoot, RecordingFingerprints fingerprints)
    {
        var known = plan.Patients.Select(x => x.Key).ToHashSet(StringComparer.Ordinal);
        var inPlan = usable.Filter(r => known.Contains(r.PatientKey));
        var recordings = inPlan.Map(r => fingerprints.Of(r, dataRoot)).OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray();
        var byPatient = inPlan.GroupBy(r => r.PatientKey).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var patients = plan.Patients.Select(x => new RecordedPatient(x.Key, x.Positive, byPatient.GetValueOrDefault(x.Key))).ToArray();
        var folds = Enumerable.Range(0, plan.Count).Select(i =>
        {
            var (repeat, fold) = plan.Position(i);
            var validation = plan.Validation[i].ToHashSet(StringComparer.Ordinal);
            var split = SplitRecord.Of(plan.Split(inPlan, i), task, dataRoot, fingerprints);
            return new FoldEntry(i, repeat, fold, patients.Where(x => validation.Contains(x.Key)).ToArray(), split.Fingerprint);
        }).ToArray();
        return new FoldsRecord(task.Name, plan.Folds, plan.Repeats, plan.Seed, plan.Stratified, plan.Note, Path.GetFullPath(dataRoot),
            patients, recordings, folds);
    }

    /// <summary>The plan as recorded.</summary>
    public FoldPlan Plan() => new(Folds, Repeats, Seed, Stratified, Note,
        Patients.Select(x => new FoldPatient(x.Key, x.Positive)).ToArray(),
        FoldList.OrderBy(f => f.Index).Select(f => (IReadOnlyList<string>)f.Validation.Select(x => x.Key).ToArray()).ToArray());

    /// <summary>Fold <paramref name="index"/>'s split of what the data root holds now: the recorded recordings must be
    /// there unchanged (<see cref="RecordingLedger"/>); recordings added since are left out with a warning.</summary>
    public Fin<SplitResult> Split(Seq<DatasetScan> scans, LearningTask task, string dataRoot, RecordingFingerprints fingerprints, string source, int index)
    {
        var usable = TaskLabels.Usable(scans, task);
        var plan = Plan();
        return RecordingLedger.Match(Recordings, usable, dataRoot, fingerprints, source).Map(m =>
        {
            var split = plan.Split(toSeq(Recordings.Select(r => m.ByName[(r.Dataset, r.Name)]).ToArray()), index);
            return split with { Notes = split.Notes + m.Warnings };
        });
    }

    public string Render() => JsonSerializer.Serialize(this, ReportJson.Options);

    public static Fin<FoldsRecord> Read(string directory) =>
        ReportJson.ReadFile<FoldsRecord>(Path.Combine(directory, FileName), "folds record", $" (is {directory} a cross-validation folder?)");
}

/// <summary>One fold of the plan: its index (repeat · folds + fold), the patients it validates on with their labels,
/// and the fingerprint of its split (train and validation recordings with their content hashes).</summary>
public sealed record FoldEntry(int Index, int Repeat, int Fold, IReadOnlyList<RecordedPatient> Validation, string SplitFingerprint)
{
    public string Folder => $"fold_{Index}";
}
