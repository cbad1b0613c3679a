namespace DataflowLung.Pipeline.Datasets;

/// <summary>A file a dataset adapter did not turn into a recording, or a recording a run could not use, and why
/// (reported, never silently dropped). <see cref="Epoch"/>: the training epoch whose training or validation pass first
/// missed it (a file that became unreadable mid-run); absent for files skipped before training or after it.</summary>
public sealed record SkippedFile(
    string Path,
    string Reason,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? Epoch = null);
