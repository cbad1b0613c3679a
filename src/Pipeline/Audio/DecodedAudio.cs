using LanguageExt;

namespace DataflowLung.Pipeline.Audio;

/// <summary>A successful decode: the mono signal at the file's own rate, the header facts, and warnings
/// about things that were tolerated (truncated <c>data</c> chunk, trailing partial frame, non-finite float
/// samples replaced by 0). Warnings name the file like errors do.</summary>
public sealed record DecodedAudio(Signal Signal, WavInfo Info, Seq<string> Warnings);
