namespace DataflowLung.Pipeline.Datasets;

/// <summary>Patient-grouped split. Defaults from the original: per dataset, stratified by the patient's
/// label, 80 % train, seed 12; optional k-fold (fold index 0-based) and the ICBHI official split.</summary>
public sealed record SplitParams(
    double TrainRatio = 0.8,
    int Seed = 12,
    int KFold = 0,
    int Fold = 0,
    bool UseOfficialIcbhiSplit = false)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (TrainRatio is <= 0 or >= 1) p.Add($"train_test_ratio must be in (0, 1) (got {TrainRatio})");
        if (KFold is 1 or < 0) p.Add($"kfold must be 0 (off) or ≥ 2 (got {KFold})");
        if (KFold >= 2 && (Fold < 0 || Fold >= KFold)) p.Add($"fold must be in 0..{KFold - 1} (got {Fold})");
        return p;
    }
}
