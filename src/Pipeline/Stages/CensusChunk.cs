namespace DataflowLung.Pipeline.Stages;

/// <summary>One training chunk as the class census sees it before any audio is read: its identity
/// (<see cref="KeyOf(RecordingRef, string)"/>: recording path and chunk name, what a <see cref="Features"/> record
/// carries too), its class index, whether it is padded, and its dataset (per-dataset AugMix). Whole-set augmentation plans are made over these.</summary>
public sealed record CensusChunk(string Key, int Class, bool Padded, string Dataset = "")
{
    public static string KeyOf(RecordingRef recording, string chunkName) => $"{recording.Path}|{chunkName}";

    public static string KeyOf(Features f) => KeyOf(f.Recording, f.Name);

    public static string KeyOf(Chunk c) => KeyOf(c.Recording, c.Name);
}
