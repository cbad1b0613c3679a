namespace DataflowLung.Pipeline.Datasets;

/// <summary>A file a dataset adapter did not turn into a recording, and why (reported, never silently dropped).</summary>
public sealed record SkippedFile(string Path, string Reason);
