namespace DataflowLung.Pipeline;

/// <summary>A fixed-length window of a recording with its labels (one value per model output, soft
/// labels allowed after mixing). Name is <c>&lt;recording&gt;_&lt;i&gt;</c>, the last chunk <c>_99</c>
/// as the original named them. <see cref="AugmentSeed"/> is set on augmented chunks so the
/// augmentation can be replayed.</summary>
public sealed record Chunk(
    RecordingRef Recording,
    int Index,
    string Name,
    float[] Samples,
    int SampleRate,
    double StartSeconds,
    double EndSeconds,
    float[] Labels,
    bool Padded,
    bool IsLast,
    long? AugmentSeed = null,
    string Augmentation = "");
