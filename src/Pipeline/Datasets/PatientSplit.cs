using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The patient-grouped (group) split, per dataset, as the original did: patients (not recordings) are
/// shuffled with the seed and divided, stratified by the patient's label (see <see cref="LearningTask.PatientPositive"/>),
/// so every recording of a patient lands on one side. Hold-out: ⌈(1 − train_ratio)·n⌉ patients of each class to
/// validation (at least one, at most n − 1 when the class has ≥ 2). Stratification is dropped (with a note) when a
/// class has fewer than 2 patients. Cross-validation (<see cref="SplitParams.KFold"/> ≥ 2) is not per dataset: fold
/// <see cref="SplitParams.Fold"/> of the <see cref="PatientFolds"/> plan over all datasets' patients together.
/// Recordings without the task's labels are left out. Deterministic: System.Random with a seed derived from
/// (seed, dataset name).</summary>
public static class PatientSplit
{
    public static SplitResult Split(Seq<RecordingRef> recordings, SplitParams p, LearningTask task)
    {
        var problems = p.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(p));
        var usable = recordings.Filter(r => task.IsUsable(r));
        if (p.CrossValidation) return CrossValidationFold(usable, p, task).Match(split => split, e => throw new ArgumentException(e.Message, nameof(p)));
        var result = usable.Map(r => r.Dataset).Distinct().OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => p.Method == SplitMethod.Sklearn
                ? OriginalSplits.SplitDataset(d, usable.Filter(r => r.Dataset == d), p, task)
                : SplitDataset(d, usable.Filter(r => r.Dataset == d), p, task))
            .Aggregate(new SplitResult(Empty, Empty), (a, b) => a + b);
        AssertNoPatientOnBothSides(result);
        return result;
    }

    /// <summary>Splits scanned datasets; a dataset with an official split uses it when
    /// <see cref="SplitParams.UseOfficialIcbhiSplit"/> is set (an error if none of them has one, unless
    /// <see cref="SplitParams.OfficialSplitRequired"/> is off: then every dataset is split by patient, with a note).</summary>
    public static Fin<SplitResult> SplitScans(Seq<DatasetScan> scans, SplitParams p, LearningTask task)
    {
        var (pool, tests) = HoldOut(scans, task);
        return SplitPool(pool, p, task).Map(split => WithTests(split, tests, task));
    }

    /// <summary>The scans without the recordings of their official test parts (<see cref="DatasetScan.TestParts"/>), and
    /// those recordings (the task's usable ones) as test sets.</summary>
    public static (Seq<DatasetScan> Pool, Seq<TestSet> Tests) HoldOut(Seq<DatasetScan> scans, LearningTask task)
    {
        bool IsTest(DatasetScan s, RecordingRef r) => r.OfficialPart.Exists(part => s.TestParts.Contains(part));
        var pool = scans.Map(s => s with { Recordings = s.Recordings.Filter(r => !IsTest(s, r)) });
        var tests = scans.Bind(s => s.TestParts.Map(part =>
            new TestSet(part, s.Recordings.Filter(r => task.IsUsable(r) && r.OfficialPart == Some(part)))));
        return (pool, SplitResult.Merge(tests));
    }

    /// <summary>The held-out test sets beside a split (<see cref="HoldOutTests"/>).</summary>
    public static SplitResult HoldOutTests(SplitResult split, Seq<DatasetScan> scans, LearningTask task) =>
        WithTests(split, HoldOut(scans, task).Tests, task);

    /// <summary>Adds the test sets to a split, each with a note of its patients. A set that shares patients with the
    /// training side measures recordings of known patients (SPRSound's intra-subject set, by design); a task that
    /// scores patients (<see cref="LearningTask.AcceptsRecordingSplit"/> off) would score patients it trained on, so
    /// it does not take such a set.</summary>
    static SplitResult WithTests(SplitResult split, Seq<TestSet> tests, LearningTask task)
    {
        var known = (split.Train + split.Validation).Map(r => r.PatientKey).ToHashSet();
        var kept = Seq<TestSet>();
        var notes = Seq<string>();
        foreach (var t in tests.Filter(t => !t.Recordings.IsEmpty))
        {
            var patients = t.Recordings.Map(r => r.PatientKey).Distinct();
            int shared = patients.Count(known.Contains);
            var counts = $"test set {t.Key}: {t.Recordings.Count} recordings of {patients.Count} patients, held out of training and model choice";
            if (shared == 0) { kept = kept.Add(t); notes = notes.Add($"{counts}; none of them a training patient"); }
            else if (task.AcceptsRecordingSplit)
            {
                kept = kept.Add(t);
                notes = notes.Add($"{counts}; {shared} of them also training patients, so it measures new recordings of known patients, not new patients");
            }
            else notes = notes.Add($"{counts}: not scored, because {shared} of its patients are training patients and the {task.Name} task scores patients");
        }
        return split with { Notes = split.Notes + notes, Tests = kept };
    }

    static Fin<SplitResult> SplitPool(Seq<DatasetScan> scans, SplitParams p, LearningTask task)
    {
        if (p.UseOfficialIcbhiSplit && p.OfficialSplitRequired && scans.ForAll(s => s.OfficialSplit.IsNone))
            return Error.New($"the official ICBHI split was asked for, but no dataset folder holds {IcbhiAdapter.OfficialSplitFiles}");
        if (p.CrossValidation) return CrossValidationFold(TaskLabels.Usable(scans, task), p, task);
        var parts = scans.Map(s => p.UseOfficialIcbhiSplit && s.OfficialSplit.IsSome
            ? Official(s, (OfficialSplit)s.OfficialSplit, task)
            : FinSucc(Split(s.Recordings, p, task))).CollectAll();
        if (parts.Case is not Seq<SplitResult> splits) return Error.New(parts.Match(_ => "", e => e.Message));
        var fallback = p.UseOfficialIcbhiSplit
            ? scans.Filter(s => s.OfficialSplit.IsNone).Map(s => $"{s.Dataset}: no {IcbhiAdapter.OfficialSplitFiles} in the folder, so split by patient")
            : Empty;
        var result = splits.Fold(new SplitResult(Empty, Empty, fallback), (a, b) => a + b);
        // The challenge's split is by recording: for the cycles tasks it may put a patient on both sides (Official).
        var byPatient = scans.Filter(s => !(p.UseOfficialIcbhiSplit && s.OfficialSplit.IsSome)).Map(s => s.Dataset).ToHashSet();
        AssertNoPatientOnBothSides(result with
        {
            Train = result.Train.Filter(r => byPatient.Contains(r.Dataset)),
            Validation = result.Validation.Filter(r => byPatient.Contains(r.Dataset)),
        });
        return result;
    }

    static Fin<SplitResult> Official(DatasetScan scan, OfficialSplit split, LearningTask task)
    {
        var usable = scan.Recordings.Filter(r => task.IsUsable(r));
        var missing = usable.Filter(r => split.IsTrainByRecording.Find(r.Name).IsNone).Map(r => r.Name);
        if (!missing.IsEmpty)
            return Error.New($"{split.SourcePath}: no train/test entry for {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")}");
        var train = usable.Filter(r => split.IsTrainByRecording[r.Name]);
        var validation = usable.Filter(r => !split.IsTrainByRecording[r.Name]);
        var straddling = train.Map(r => r.PatientKey).Distinct().Filter(k => validation.Exists(v => v.PatientKey == k));
        var note = $"{scan.Dataset}: official split from {split.SourcePath}";
        if (straddling.IsEmpty) return new SplitResult(train, validation, Seq1(note));
        // The challenge assigns recordings, not patients (the full ICBHI list puts patients 156 and 218 on both sides).
        // Per-cycle scores follow the challenge; tasks whose metrics aggregate by patient would leak, so they refuse.
        if (!task.AcceptsRecordingSplit)
            return Error.New($"{split.SourcePath}: patients on both sides of the official split: {string.Join(", ", straddling)} " +
                             $"(the split is by recording; only the {string.Join(", ", TaskRegistry.All.Filter(t => t.AcceptsRecordingSplit).Map(t => t.Name))} task accepts that)");
        return new SplitResult(train, validation, Seq(note,
            $"{scan.Dataset}: the official split is by recording, as the challenge defines it: patient(s) {string.Join(", ", straddling)} have recordings on both sides"));
    }

    static SplitResult SplitDataset(string dataset, Seq<RecordingRef> recordings, SplitParams p, LearningTask task)
    {
        var patients = recordings.GroupBy(r => r.PatientKey)
            .Select(g => (Key: g.Key, Positive: task.PatientPositive(g)))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .ToArray();
        var rng = new Random(DerivedSeed(p.Seed, dataset));
        var positives = Shuffle(patients.Where(x => x.Positive).Select(x => x.Key).ToArray(), rng);
        var negatives = Shuffle(patients.Where(x => !x.Positive).Select(x => x.Key).ToArray(), rng);
        bool stratified = positives.Length >= 2 && negatives.Length >= 2;
        var strata = stratified
            ? new[] { positives, negatives }
            : new[] { Shuffle(patients.Select(x => x.Key).ToArray(), rng) };

        var validation = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var stratum in strata)
            foreach (var key in stratum.Take(ValidationCount(stratum.Length, p.TrainRatio)))
                validation.Add(key);

        var mode = $"train ratio {p.TrainRatio}";
        var note = stratified
            ? $"{dataset}: {patients.Length} patients, stratified by patient label, {mode}, seed {p.Seed}"
            : $"{dataset}: {patients.Length} patients, NOT stratified (a class has fewer than 2 patients: {positives.Length} positive, {negatives.Length} negative), {mode}, seed {p.Seed}";
        return new SplitResult(
            recordings.Filter(r => !validation.Contains(r.PatientKey)),
            recordings.Filter(r => validation.Contains(r.PatientKey)),
            Seq1(note));
    }

    /// <summary>Fold <see cref="SplitParams.Fold"/> of the cross-validation plan over the usable recordings.</summary>
    static Fin<SplitResult> CrossValidationFold(Seq<RecordingRef> usable, SplitParams p, LearningTask task) =>
        p.Fold < 0
            ? Error.New("kfold is set but no fold is chosen: run every fold with --cv, or one with --fold")
            : PatientFolds.Plan(usable, p, task).Map(plan => plan.Split(usable, p.Fold));

    /// <summary>⌈(1 − ratio)·n⌉ clamped to [1, n − 1] for n ≥ 2; a lone patient stays in training.</summary>
    public static int ValidationCount(int patients, double trainRatio) =>
        patients < 2 ? 0 : Math.Clamp((int)Math.Ceiling((1 - trainRatio) * patients - 1e-9), 1, patients - 1);

    /// <summary>A patient on both sides would leak; it can only come from a bug here, hence an exception.</summary>
    public static void AssertNoPatientOnBothSides(SplitResult split)
    {
        var train = split.Train.Map(r => r.PatientKey).Distinct().ToHashSet();
        var leaked = split.Validation.Map(r => r.PatientKey).Distinct().Filter(train.Contains);
        if (!leaked.IsEmpty)
            throw new InvalidOperationException($"patient-grouped split leaked patients into both train and validation: {string.Join(", ", leaked)}");
    }

    static T[] Shuffle<T>(T[] items, Random rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    // FNV-1a over the dataset name mixed with the seed: string.GetHashCode is randomised per process.
    static int DerivedSeed(int seed, string dataset)
    {
        uint h = 2166136261;
        foreach (char c in dataset) { h ^= c; h *= 16777619; }
        return (int)(h ^ (uint)seed * 2654435761u) & int.MaxValue;
    }
}
