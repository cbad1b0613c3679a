using DataflowLung.Pipeline.Tasks;

namespace DataflowLung.Pipeline.Datasets;

/// <summary><see cref="Chunker.Chunk"/>'s sliding windows cut from a signal that arrives in pieces: the chunks equal
/// the whole-signal call's (same windows, names, labels, samples, padding, <c>_99</c> on the last) whatever the piece
/// boundaries, while holding at most one window of samples plus one finished chunk. A window is cut as soon as its
/// last sample arrives; the latest chunk is held back until the next one is cut or <see cref="Finish"/> is called,
/// because only then is it known whether it is the last (named <c>_99</c>). The last piece's rule, the padded short
/// recording and <see cref="ChunkParams.NoPad"/> are decided in <see cref="Finish"/>, from the total length, exactly
/// as <see cref="Chunker.Windows"/> decides them. Per-cycle chunking needs the whole recording's length up front and
/// is not done here (<see cref="Streams"/> says which recordings this class can cut).</summary>
public sealed class StreamingChunker
{
    readonly RecordingRef _recording;
    readonly int _rate, _window, _step;
    readonly ChunkParams _p;
    readonly LearningTask _task;
    readonly Action<Chunk> _emit;
    readonly bool _usable;
    float[] _held;          // samples from _heldStart on (at most one window)
    int _count;
    long _heldStart;        // absolute position of _held[0]
    long _received;
    long _nextStart;        // start of the next full window
    int _index;             // index of the next window
    Chunk? _pending;        // cut, not yet emitted: it may be the last
    bool _finished;

    /// <param name="emit">Receives the chunks in order.</param>
    public StreamingChunker(RecordingRef recording, int sampleRate, ChunkParams p, LearningTask task, Action<Chunk> emit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (!Streams(recording, p, task))
            throw new ArgumentException($"{recording.Name}: per-cycle chunking is not streamed", nameof(recording));
        _recording = recording;
        _rate = sampleRate;
        _p = p;
        _task = task;
        _emit = emit;
        _window = Chunker.WindowSamples(sampleRate, p);
        _step = Chunker.StepSamples(sampleRate, p);
        _usable = task.IsUsable(recording);
        _held = new float[_window];
    }

    /// <summary>Whether this class cuts <paramref name="recording"/> as <see cref="Chunker.Chunk"/> does: sliding
    /// windows (not the per-segment mode, which places chunks from the whole recording's length).</summary>
    public static bool Streams(RecordingRef recording, ChunkParams p, LearningTask task) =>
        !(Chunker.IsPerCycle(p, task) && task.Segments(recording).Case is LanguageExt.Seq<LabelledSegment>);

    public long Received => _received;

    public void Push(ReadOnlySpan<float> piece)
    {
        if (_finished) throw new InvalidOperationException("the chunker was finished");
        while (piece.Length > 0)
        {
            // Samples before the next window's start are never read (a step longer than the window skips them).
            if (_received < _nextStart)
            {
                int skip = (int)Math.Min(piece.Length, _nextStart - _received);
                piece = piece[skip..];
                _received += skip;
                if (_count == 0) _heldStart = _received;
                continue;
            }
            if (_count == 0) _heldStart = _received;
            int take = Math.Min(piece.Length, _window - _count);
            piece[..take].CopyTo(_held.AsSpan(_count));
            _count += take;
            _received += take;
            piece = piece[take..];
            if (_count == _window) CutFullWindow();
        }
    }

    /// <summary>The end of the signal: cuts the last piece (or the padded short recording) and emits the held chunk,
    /// marked last.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        if (!_usable) return;
        long rest = _received - _nextStart;
        Chunk? tail = null;
        if (Chunker.KeepsLastPiece(rest, _window, _p.LastChunk))
            tail = Cut(_nextStart, (int)rest, padded: true);
        else if (_index == 0 && _pending is null && Chunker.IsPaddedShortRecording(_received, _rate, _p))
            tail = Cut(0, (int)_received, padded: true);
        if (tail is not null)
        {
            // As Chunker.Chunk: the last window is decided before NoPad drops a padded one.
            if (_pending is not null) _emit(_pending);
            _pending = null;
            if (!_p.NoPad) _emit(tail with { IsLast = true, Name = $"{_recording.Name}_{Chunker.LastChunkNumber}" });
            return;
        }
        if (_pending is not null) _emit(_pending with { IsLast = true, Name = $"{_recording.Name}_{Chunker.LastChunkNumber}" });
        _pending = null;
    }

    void CutFullWindow()
    {
        if (_usable)
        {
            var chunk = Cut(_nextStart, _window, padded: false);
            if (_pending is not null) _emit(_pending);
            _pending = chunk;
        }
        _index++;
        _nextStart += _step;
        // Keep what the next window reads (nothing when the step is at least a window).
        int drop = (int)Math.Min(_count, _nextStart - _heldStart);
        _held.AsSpan(drop, _count - drop).CopyTo(_held);
        _count -= drop;
        _heldStart += drop;
    }

    Chunk Cut(long start, int length, bool padded)
    {
        var buffer = new float[_window];
        ChunkPadding.Fill(_held.AsSpan((int)(start - _heldStart), length), buffer);
        double from = (double)start / _rate;
        var labels = _task.WindowLabels(_recording, _p, from, from + _p.AudioLengthSeconds);
        return new Chunk(_recording, _index, $"{_recording.Name}_{_index}", buffer, _rate,
            from, (double)(start + length) / _rate, labels, padded, false);
    }
}
