using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>A cross-validation plan over patients: for every fold index (repeat · <see cref="Folds"/> + fold) the
/// patients it validates on. Within a repeat the folds partition the patients; a patient's recordings always stay
/// together. Made by <see cref="PatientFolds.Plan(IEnumerable{FoldPatient}, int, int, int, FoldStratification)"/>.</summary>
/// <param name="Patients">Every patient of the plan with its label, in ordinal key order.</param>
/// <param name="Validation">Per fold index, the validated patients' keys in ordinal order.</param>
public sealed record FoldPlan(int Folds, int Repeats, int Seed, bool Stratified, string Note,
    IReadOnlyList<FoldPatient> Patients, IReadOnlyList<IReadOnlyList<string>> Validation)
{
    public int Count => Folds * Repeats;

    public (int Repeat, int Fold) Position(int index) => (index / Folds, index % Folds);

    /// <summary>The train/validation split of fold <paramref name="index"/>; recordings of patients outside the plan
    /// are left out.</summary>
    public SplitResult Split(Seq<RecordingRef> recordings, int index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"fold index must be in 0..{Count - 1}");
        var validation = Validation[index].ToHashSet(StringComparer.Ordinal);
        var known = Patients.Select(x => x.Key).ToHashSet(StringComparer.Ordinal);
        var inPlan = recordings.Filter(r => known.Contains(r.PatientKey));
        var (repeat, fold) = Position(index);
        var positives = Patients.Count(x => x.Positive && validation.Contains(x.Key));
        var note = $"fold {fold} of {Folds}" + (Repeats > 1 ? $", repeat {repeat} of {Repeats}" : "") +
                   $" (index {index}): validation {validation.Count} patients ({positives} positive, {validation.Count - positives} negative)";
        var result = new SplitResult(inPlan.Filter(r => !validation.Contains(r.PatientKey)), inPlan.Filter(r => validation.Contains(r.PatientKey)), Seq(Note, note));
        PatientSplit.AssertNoPatientOnBothSides(result);
        return result;
    }
}

/// <summary>A patient as a fold plan sees it: its key (unique across datasets) and its label.</summary>
public sealed record FoldPatient(string Key, bool Positive);
