namespace DataflowLung.Pipeline.Datasets;

/// <summary>Whether cross-validation folds are stratified by the patient's label. <see cref="Auto"/>: stratified
/// when every class has at least as many patients as there are folds, otherwise not (the plan's note says which).
/// <see cref="None"/>: never, as the original's <c>RepeatedKFold</c>.</summary>
public enum FoldStratification { Auto, None }
