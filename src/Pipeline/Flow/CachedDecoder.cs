using System.Collections.Concurrent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Flow;

/// <summary>Decodes recordings through the signal cache, once each: a cached signal is returned as is, a file that
/// failed before fails again without being re-read, and a recording being decoded by another caller (the prefetcher
/// and the graph's decode stage) is waited for rather than decoded twice. Keys are content hashes
/// (<see cref="RecordingKey"/>); an unreadable file has none and is simply decoded (and fails there).</summary>
internal sealed class CachedDecoder(Func<RecordingRef, Fin<Signal>> decode, SpillCache cache, ChunkStreaming? streaming = null)
{
    readonly ConcurrentDictionary<string, bool> streamed = new(StringComparer.Ordinal);

    /// <summary>The long-recording rule (docs/pipeline.md): a recording whose decoded signal is larger than the signal
    /// cache's memory budget is streamed, never decoded whole nor cached (in memory or in the store). Decided once per
    /// path from the header.</summary>
    public bool Streams(RecordingRef recording) =>
        streaming is not null && streamed.GetOrAdd(recording.Path, _ => streaming.DecodedBytes(recording) is { } bytes && bytes > cache.MemoryBudgetBytes);

    readonly ConcurrentDictionary<string, string> knownFaults = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<Fin<Signal>>> inFlight = new(StringComparer.Ordinal);

    public (string? Key, Fin<Signal> Signal) Decode(RecordingRef recording)
    {
        var key = RecordingKey.Of(recording.Path);
        if (key is null) return (null, DecodeSafely(recording));
        if (Known(key, countMiss: true) is { } known) return (key, known);
        var work = inFlight.GetOrAdd(key, k => new Lazy<Fin<Signal>>(() => DecodeAndKeep(recording, k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return (key, work.Value);
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<string, Lazy<Fin<Signal>>>(key, work));
        }
    }

    /// <summary>Whether decoding ahead is worth it: the cache keeps what is decoded (a store, or memory budget left).</summary>
    public bool Retains => cache.Retains;

    Fin<Signal>? Known(string key, bool countMiss)
    {
        if (cache.Lookup(key, countMiss).Case is CachedArray hit) return new Signal(hit.Data, hit.Tag);
        if (knownFaults.TryGetValue(key, out var reason)) return FinFail<Signal>(LanguageExt.Common.Error.New(reason));
        return null;
    }

    Fin<Signal> DecodeAndKeep(RecordingRef recording, string key)
    {
        // Another caller may have finished this key between our look-up and now (its miss is counted already).
        if (Known(key, countMiss: false) is { } known) return known;
        var signal = DecodeSafely(recording);
        if (signal.Case is Signal decoded) cache.Put(key, new CachedArray(decoded.Samples, decoded.SampleRate));
        else if (signal.Case is LanguageExt.Common.Error error) knownFaults[key] = error.Message;
        return signal;
    }

    Fin<Signal> DecodeSafely(RecordingRef recording)
    {
        try
        {
            return decode(recording);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reader that throws instead of returning a failure still only loses this recording.
            return FinFail<Signal>(LanguageExt.Common.Error.New($"{e.GetType().Name}: {e.Message}"));
        }
    }
}
