namespace DataflowLung.Pipeline.Datasets;

/// <summary>Patient-grouped split. Defaults from the original: per dataset, stratified by the patient's
/// label, 80 % train, seed 12; the ICBHI official split on request (<see cref="UseOfficialIcbhiSplit"/>; with
/// <see cref="OfficialSplitRequired"/> off, datasets without the split file fall back to the patient split instead of
/// failing, as the cycles task does by default). Cross-validation (<see cref="KFold"/> ≥ 2):
/// <see cref="KFold"/> folds by patient over all datasets together, repeated <see cref="Repeats"/> times with fresh
/// shuffles (see <see cref="PatientFolds"/>); <see cref="Fold"/> is a fold index 0 … KFold·Repeats − 1
/// (repeat = index / KFold), or −1 for every fold. <see cref="Repeats"/> and <see cref="Stratify"/> describe the
/// cross-validation scheme and lie dormant in a single-split job (the original preset sets them for a later <c>--cv</c>).
/// <see cref="Method"/> <see cref="SplitMethod.Sklearn"/> replaces both schemes by the original's (<see cref="OriginalSplits"/>).</summary>
public sealed record SplitParams(
    double TrainRatio = 0.8,
    int Seed = 12,
    int KFold = 0,
    int Fold = -1,
    bool UseOfficialIcbhiSplit = false,
    int Repeats = 1,
    FoldStratification Stratify = FoldStratification.Auto,
    bool OfficialSplitRequired = true,
    SplitMethod Method = SplitMethod.Ours)
{
    public bool CrossValidation => KFold >= 2;

    /// <summary>Folds in all repeats: the fold indices are 0 … FoldCount − 1.</summary>
    public int FoldCount => CrossValidation ? KFold * Repeats : 0;

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (TrainRatio is <= 0 or >= 1) p.Add($"train_test_ratio must be in (0, 1) (got {TrainRatio})");
        if (KFold is 1 or < 0) p.Add($"kfold must be 0 (off) or ≥ 2 (got {KFold})");
        if (Method == SplitMethod.Sklearn && CrossValidation && Stratify != FoldStratification.None)
            p.Add("split_method sklearn folds are the original's RepeatedKFold, never stratified: set kfold_stratify none");
        if (Method == SplitMethod.Sklearn && Seed < 0) p.Add($"split_method sklearn needs split_seed ≥ 0, as numpy's RandomState (got {Seed})");
        if (Repeats < 1) p.Add($"kfold_repeats must be ≥ 1 (got {Repeats})");
        if (CrossValidation && Repeats >= 1 && (Fold < -1 || Fold >= FoldCount))
            p.Add($"fold must be -1 (every fold) or in 0..{FoldCount - 1} (got {Fold})");
        if (!CrossValidation && Fold != -1 && Fold != 0) p.Add($"fold {Fold} needs kfold ≥ 2");
        if (CrossValidation && UseOfficialIcbhiSplit && OfficialSplitRequired) p.Add("official_icbhi_split and kfold cannot be combined: the official split is a single split");
        return p;
    }
}
