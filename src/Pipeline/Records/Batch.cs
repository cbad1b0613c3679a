namespace DataflowLung.Pipeline;

/// <summary>Tensor-ready batch: <see cref="Inputs"/> is <c>[Size, 1, Mels, Frames]</c> row-major,
/// <see cref="Labels"/> is <c>[Size, Outputs]</c>. Names and recordings let metrics aggregate chunk
/// predictions per recording and per patient.</summary>
public sealed record Batch(
    float[] Inputs,
    int Size,
    int Mels,
    int Frames,
    float[] Labels,
    int Outputs,
    IReadOnlyList<string> ChunkNames,
    IReadOnlyList<RecordingRef> Recordings);
