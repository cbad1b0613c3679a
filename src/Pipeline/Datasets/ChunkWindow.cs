namespace DataflowLung.Pipeline.Datasets;

/// <summary>Where one chunk lies in a recording, in samples: <see cref="Length"/> real samples from
/// <see cref="Start"/>, padded up to the window when <see cref="Padded"/>.</summary>
public readonly record struct ChunkWindow(int Index, int Start, int Length, bool Padded, bool IsLast);
