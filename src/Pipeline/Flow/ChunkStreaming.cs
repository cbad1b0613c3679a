using LanguageExt;

namespace DataflowLung.Pipeline.Flow;

/// <summary>The graph's seam for recordings too long to hold whole (docs/pipeline.md, "Long recordings"): a recording
/// whose decoded signal is larger than the signal cache's memory budget is never decoded into one array nor cached;
/// its chunks are cut from the decode stream window by window and flow on as they are cut.</summary>
/// <param name="DecodedBytes">The decoded signal's size from the file's header (no samples read); null when the
/// recording cannot be streamed (per-cycle chunking, an unreadable header: the whole-signal path reports it).</param>
/// <param name="Chunks">Checks the recording (labels, header, content) and returns its chunks, cut lazily while
/// enumerated, equal to what <see cref="FlowStages.Decode"/> + <see cref="FlowStages.ChunkAndLabel"/> give. A failure
/// found only while reading (an I/O error mid-file) is thrown as <see cref="StreamedRecordingException"/>.</param>
public sealed record ChunkStreaming(
    Func<RecordingRef, long?> DecodedBytes,
    Func<RecordingRef, Fin<IEnumerable<Chunk>>> Chunks);

/// <summary>A streamed recording that failed after its first chunks had left (the graph makes it a fault).</summary>
public sealed class StreamedRecordingException(string message) : Exception(message);
