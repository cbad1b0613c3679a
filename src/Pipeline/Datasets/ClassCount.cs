namespace DataflowLung.Pipeline.Datasets;

/// <summary>How many items (recordings, patients, chunks or cycles) fall in one class.</summary>
public sealed record ClassCount(string Class, int Count);
