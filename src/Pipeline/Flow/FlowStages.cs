using LanguageExt;

namespace DataflowLung.Pipeline.Flow;

/// <summary>The pure functions the graph wires, as seams: the graph bounds, parallelises, orders, caches and
/// counts; these decide what happens to the data.</summary>
/// <param name="Decode">Read + resample one recording to the target rate. A failure (corrupt or unreadable
/// file) is a value naming the problem; exceptions thrown anyway are turned into faults of that recording.</param>
/// <param name="DecodeIdentity">Everything that changes what <paramref name="Decode"/> returns (target rate,
/// resampler, reader version). Keys the on-disk signal cache, so a change never reuses stale signals.</param>
/// <param name="ChunkAndLabel">Cut a decoded recording into labelled chunks; a failure (e.g. missing annotation)
/// is a fault of that recording. Zero chunks (a recording shorter than half a window) is not a fault.</param>
/// <param name="Features">Batched feature extraction (log-mel kernels).</param>
/// <param name="FeatureIdentity">Everything that changes the features of an un-augmented chunk (chunk and feature
/// parameters). Keys the feature cache together with <paramref name="DecodeIdentity"/>.</param>
/// <param name="AudioAugment">Training only: the augmented copies of a chunk to add (empty for none), given a
/// seed derived from (run seed, epoch, chunk name). The original chunk always passes on as well.</param>
/// <param name="SpectrogramAugment">Training only: mixed samples (mixup, cutmix…) to add to a window of
/// features, given a seed derived from (run seed, epoch, window). The window's originals always pass on.</param>
/// <param name="FeatureAugment">Training only, in the feature stage: extra samples made from a chunk's audio that are
/// features rather than audio (AugMix mixes the features of augmented chains), given the chunk, its computed features
/// and a seed derived from (run seed, epoch, chunk name). They follow the chunk's own features in the stream.</param>
/// <param name="StreamAugment">Training only, after the feature stage, one worker in stream order: called once per
/// epoch for a function called with every feature record of that epoch in turn, returning it followed by the samples
/// it completes (whole-set mixer pairs, made when their second chunk arrives: <c>PairMixer</c>). It may hold records
/// between calls.</param>
/// <param name="Streaming">Long recordings cut window by window from the decode stream (<see cref="ChunkStreaming"/>);
/// null: every recording is decoded whole.</param>
public sealed record FlowStages(
    Func<RecordingRef, Fin<Signal>> Decode,
    string DecodeIdentity,
    Func<RecordingRef, Signal, Fin<Seq<Chunk>>> ChunkAndLabel,
    IFeatureExtractor Features,
    string FeatureIdentity,
    Func<Chunk, long, Seq<Chunk>>? AudioAugment = null,
    Func<IReadOnlyList<Features>, long, IReadOnlyList<Features>>? SpectrogramAugment = null,
    Func<Chunk, Features, long, Seq<Features>>? FeatureAugment = null,
    Func<Func<Features, IReadOnlyList<Features>>>? StreamAugment = null,
    ChunkStreaming? Streaming = null);
