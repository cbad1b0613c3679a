namespace DataflowLung.Pipeline;

/// <summary>A log-mel spectrogram of one chunk, row-major <c>[Mels, Frames]</c>, with the chunk's
/// labels (soft after spectrogram mixing) and enough metadata to trace it back to its recording.</summary>
public sealed record Features(
    float[] Values,
    int Mels,
    int Frames,
    float[] Labels,
    string Name,
    RecordingRef Recording,
    bool Padded,
    bool IsLast,
    string Augmentation = "",
    long? AugmentSeed = null);
