using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>K-fold cross-validation by patient (group k-fold), optionally repeated and stratified. A pure function
/// of (seed, patient list): the patients are put in ordinal key order, then each repeat r shuffles them with a
/// <see cref="SeededRandom"/> seeded from (seed, r) — our own generator, so any machine and runtime computes the
/// same folds. It is NOT numpy's permutation, so fold memberships differ from scikit-learn's
/// <c>RepeatedKFold(random_state=12)</c>; the scheme is the same: unstratified folds are contiguous blocks of the
/// shuffled patients, the first n mod K of them one patient larger (scikit-learn's <c>KFold</c> sizes).
/// Stratified folds (whenever both classes are present) deal each class's shuffled patients round-robin, continuing
/// across classes, so fold sizes and each class's count per fold differ by at most one.</summary>
public static class PatientFolds
{
    /// <summary>The plan over the usable recordings of <paramref name="recordings"/> (all datasets together),
    /// patients labelled by <see cref="LearningTask.PatientPositive"/>.</summary>
    public static Fin<FoldPlan> Plan(Seq<RecordingRef> recordings, SplitParams p, LearningTask task) =>
        p.Method == SplitMethod.Sklearn
            ? OriginalSplits.Folds(recordings.Filter(r => task.IsUsable(r)), p, task)
            : Plan(Patients(recordings, task), p.KFold, p.Repeats, p.Seed, p.Stratify);

    public static IReadOnlyList<FoldPatient> Patients(Seq<RecordingRef> recordings, LearningTask task) =>
        recordings.Filter(r => task.IsUsable(r)).GroupBy(r => r.PatientKey)
            .Select(g => new FoldPatient(g.Key, task.PatientPositive(g)))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .ToArray();

    public static Fin<FoldPlan> Plan(IEnumerable<FoldPatient> patients, int folds, int repeats, int seed, FoldStratification stratify)
    {
        var sorted = patients.DistinctBy(x => x.Key).OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        if (folds < 2) return Error.New($"cross-validation needs at least 2 folds (got {folds})");
        if (repeats < 1) return Error.New($"cross-validation needs at least 1 repeat (got {repeats})");
        if (sorted.Length < folds) return Error.New($"{folds} folds need at least {folds} patients; the data has {sorted.Length}");
        int positives = sorted.Count(x => x.Positive), negatives = sorted.Length - positives;
        // A class rarer than the folds is still dealt round-robin: its patients land in different folds instead of
        // (by chance) together, which is what a rare positive class needs most (scikit-learn's StratifiedGroupKFold
        // does the same, with a warning).
        bool stratified = stratify == FoldStratification.Auto && positives > 0 && negatives > 0;
        int rare = Math.Min(positives, negatives);
        string why = stratify == FoldStratification.None
            ? "not stratified (kfold_stratify none)"
            : !stratified
                ? $"NOT stratified (only one class: {positives} positive, {negatives} negative)"
                : rare < folds
                    ? $"stratified by patient label: the {rare} {(positives <= negatives ? "positive" : "negative")} patient(s) in {rare} different folds, " +
                      $"{folds - rare} fold(s) without one"
                    : "stratified by patient label";
        var note = $"{folds}-fold cross-validation by patient{(repeats > 1 ? $", {repeats} repeats" : "")} over {sorted.Length} patients " +
                   $"({positives} positive, {negatives} negative), {why}, seed {seed}";
        var validation = new List<IReadOnlyList<string>>(folds * repeats);
        for (int r = 0; r < repeats; r++)
        {
            var rng = SeededRandom.For(SeedMixer.Derive(seed, r, "patients", "kfold"));
            var foldOf = stratified
                ? RoundRobin(Shuffled(sorted.Where(x => x.Positive), rng).Concat(Shuffled(sorted.Where(x => !x.Positive), rng)).ToArray(), folds)
                : Blocks(Shuffled(sorted, rng), folds);
            for (int k = 0; k < folds; k++)
                validation.Add(foldOf.Where(a => a.Fold == k).Select(a => a.Key).OrderBy(x => x, StringComparer.Ordinal).ToArray());
        }
        return new FoldPlan(folds, repeats, seed, stratified, note, sorted, validation);
    }

    private static FoldPatient[] Shuffled(IEnumerable<FoldPatient> patients, SeededRandom rng)
    {
        var array = patients.ToArray();
        rng.Shuffle(array);
        return array;
    }

    private static IEnumerable<(string Key, int Fold)> RoundRobin(FoldPatient[] order, int folds) =>
        order.Select((x, i) => (x.Key, i % folds));

    // scikit-learn's KFold sizes: n // k each, the first n % k folds one more, as contiguous blocks.
    private static IEnumerable<(string Key, int Fold)> Blocks(FoldPatient[] order, int folds)
    {
        int n = order.Length, start = 0;
        for (int k = 0; k < folds; k++)
        {
            int size = n / folds + (k < n % folds ? 1 : 0);
            for (int i = start; i < start + size; i++) yield return (order[i].Key, k);
            start += size;
        }
    }
}
