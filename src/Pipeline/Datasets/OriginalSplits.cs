using DataflowLung.Pipeline.Datasets.Sklearn;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The original's splits, patient for patient (<see cref="SplitMethod.Sklearn"/>). Per dataset, its patients
/// in ordinal order of their ids (the order is written into the notes, so folds.json / split.json record exactly
/// what scikit-learn was given):
/// cross-validation is <c>RepeatedKFold(n_splits=kfold, n_repeats=kfold_repeats, random_state=split_seed)</c> over
/// them, and fold i of the job is fold i of every dataset pooled; the single split is
/// <c>train_test_split(patients, test_size=train_ratio, random_state=split_seed, stratify=labels)</c> with its two
/// outputs swapped, so n − ⌈train_ratio·n⌉ patients validate, and without <c>stratify</c> where scikit-learn refuses
/// it (a class with one patient, or fewer patients on a side than classes), as the original caught that refusal.</summary>
public static class OriginalSplits
{
    /// <summary>A dataset's patients in the order handed to scikit-learn, with their labels.</summary>
    public static IReadOnlyList<(string Dataset, FoldPatient[] Patients)> PatientsByDataset(Seq<RecordingRef> usable, LearningTask task) =>
        usable.GroupBy(r => r.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(d => (d.Key, d.GroupBy(r => r.Patient).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new FoldPatient(g.First().PatientKey, task.PatientPositive(toSeq(g)))).ToArray()))
            .ToArray();

    static string Order(string dataset, FoldPatient[] patients) =>
        $"{dataset}: patients in the order given to scikit-learn: {string.Join(" ", patients.Select(p => p.Key[(dataset.Length + 1)..]))}";

    public static Fin<FoldPlan> Folds(Seq<RecordingRef> usable, SplitParams p, LearningTask task)
    {
        var datasets = PatientsByDataset(usable, task);
        if (datasets.Count == 0) return Error.New("cross-validation: no usable recordings");
        var small = datasets.Where(d => d.Patients.Length < p.KFold).ToArray();
        if (small.Length > 0)
            return Error.New($"the original's RepeatedKFold({p.KFold}) runs per dataset, and scikit-learn needs at least {p.KFold} patients in each: " +
                             string.Join(", ", small.Select(d => $"{d.Dataset} has {d.Patients.Length}")));
        var validation = Enumerable.Range(0, p.KFold * p.Repeats).Select(_ => new List<string>()).ToArray();
        foreach (var (_, patients) in datasets)
        {
            var folds = SklearnKFold.RepeatedTestFolds(patients.Length, p.KFold, p.Repeats, p.Seed);
            for (int i = 0; i < folds.Length; i++) validation[i].AddRange(folds[i].Select(k => patients[k].Key));
        }
        var all = datasets.SelectMany(d => d.Patients).OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        int positives = all.Count(x => x.Positive);
        var note = $"{p.KFold}-fold cross-validation by patient, {p.Repeats} repeat(s), as the original: scikit-learn's RepeatedKFold(n_splits={p.KFold}, " +
                   $"n_repeats={p.Repeats}, random_state={p.Seed}) per dataset over numpy's RandomState, fold i of each dataset pooled, not stratified; " +
                   $"{all.Length} patients ({positives} positive, {all.Length - positives} negative). " +
                   string.Join("; ", datasets.Select(d => Order(d.Dataset, d.Patients)));
        return new FoldPlan(p.KFold, p.Repeats, p.Seed, false, note, all,
            validation.Select(v => (IReadOnlyList<string>)v.OrderBy(x => x, StringComparer.Ordinal).ToArray()).ToArray());
    }

    /// <summary>One dataset's single split.</summary>
    public static SplitResult SplitDataset(string dataset, Seq<RecordingRef> recordings, SplitParams p, LearningTask task)
    {
        var patients = PatientsByDataset(recordings, task).Single().Patients;
        var y = patients.Select(x => x.Positive ? 1 : 0).ToArray();
        if (patients.Length < 2)
            return new SplitResult(recordings, Empty, Seq1($"{dataset}: {patients.Length} patient, kept for training (scikit-learn cannot split it)"));
        int nTest, nTrain;
        try { (nTrain, nTest) = SklearnTrainTestSplit.Sizes(patients.Length, p.TrainRatio); }
        catch (ArgumentException e)
        {
            return new SplitResult(recordings, Empty, Seq1($"{dataset}: {patients.Length} patients, all kept for training: scikit-learn refuses the split ({e.Message})"));
        }
        var refusal = SklearnTrainTestSplit.StratifyRefusal(y, nTrain, nTest);
        var result = refusal is null
            ? SklearnTrainTestSplit.Stratified(y, p.TrainRatio, p.Seed)
            : SklearnTrainTestSplit.Unstratified(patients.Length, p.TrainRatio, p.Seed);
        // The original called train_test_split(test_size=0.8) and used its "train" output for validation.
        var validation = result.Train.Select(i => patients[i].Key).ToHashSet(StringComparer.Ordinal);
        var how = refusal is null ? "stratified by patient label" : $"NOT stratified (scikit-learn refuses stratification: {refusal})";
        var note = $"{dataset}: {patients.Length} patients, as the original: scikit-learn's train_test_split(test_size={p.TrainRatio}, random_state={p.Seed}) " +
                   $"over numpy's RandomState with its outputs swapped, {validation.Count} patients to validation, {how}; validation in scikit-learn's order: " +
                   $"{string.Join(" ", result.Train.Select(i => patients[i].Key[(dataset.Length + 1)..]))}. {Order(dataset, patients)}";
        return new SplitResult(recordings.Filter(r => !validation.Contains(r.PatientKey)), recordings.Filter(r => validation.Contains(r.PatientKey)), Seq1(note));
    }
}
