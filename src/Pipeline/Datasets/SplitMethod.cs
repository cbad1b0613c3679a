namespace DataflowLung.Pipeline.Datasets;

/// <summary>How patients are split. <see cref="Ours"/>: our generator; cross-validation folds over all datasets
/// together (<see cref="PatientFolds"/>), the single split stratified per dataset (<see cref="PatientSplit"/>).
/// <see cref="Sklearn"/>: the original's, exactly (<see cref="OriginalSplits"/>): numpy's legacy RandomState through
/// scikit-learn's <c>RepeatedKFold</c> / <c>train_test_split(stratify)</c>, per dataset.</summary>
public enum SplitMethod { Ours, Sklearn }
