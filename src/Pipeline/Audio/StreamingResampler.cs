namespace DataflowLung.Pipeline.Audio;

/// <summary><see cref="Resampler"/> fed piece by piece: the output equals <see cref="Resampler.Resample(ReadOnlySpan{float}, int, int, ResamplerQuality?)"/>
/// of the concatenated pieces bit for bit, whatever the piece boundaries, while holding only one filter length of
/// input history. An output sample is computed once every input tap it needs has arrived (the same slice and the same
/// coefficients as the whole-signal call, so the same sum); <see cref="Finish"/> computes the tail, where taps past the
/// end count as zero, exactly as for the whole signal. Used to decode long recordings without holding them at the
/// source rate.</summary>
public sealed class StreamingResampler
{
    readonly int _up, _down, _indexStep, _phaseStep;
    readonly PolyphaseFilter? _filter; // null: equal rates, samples pass through
    readonly Action<ReadOnlySpan<float>> _emit;
    float[] _history = new float[4096];
    int _count;             // samples held in _history
    long _historyStart;     // absolute input position of _history[0]
    long _received;         // input samples so far
    long _produced;         // output samples so far
    long _index;            // next output's input position…
    int _phase;             // …and phase (in 1/up steps)
    float[] _out = new float[1024];
    bool _finished;

    /// <param name="emit">Receives the output in order, in pieces; the span is only valid during the call.</param>
    public StreamingResampler(int fromRate, int toRate, Action<ReadOnlySpan<float>> emit, ResamplerQuality? quality = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        var q = quality ?? ResamplerQuality.Default;
        q.Validate();
        FromRate = fromRate;
        ToRate = toRate;
        _emit = emit;
        if (fromRate == toRate) return;
        int g = Gcd(fromRate, toRate);
        _up = toRate / g;
        _down = fromRate / g;
        _indexStep = _down / _up;
        _phaseStep = _down % _up;
        _filter = PolyphaseFilter.For(_up, _down, q);
    }

    public int FromRate { get; }
    public int ToRate { get; }
    public long Received => _received;
    public long Produced => _produced;

    public void Push(ReadOnlySpan<float> input)
    {
        if (_finished) throw new InvalidOperationException("the resampler was finished");
        _received += input.Length;
        if (_filter is null)
        {
            _produced += input.Length;
            if (input.Length > 0) _emit(input);
            return;
        }
        Append(input);
        // Every tap of output k (inputs index-HalfTaps+1 … index+HalfTaps) has arrived.
        Produce(lastAvailable: _received - 1 - _filter.HalfTaps, limit: long.MaxValue);
    }

    /// <summary>Emits the tail (taps past the end are zero) up to the whole-signal output length.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        if (_filter is null) return;
        Produce(lastAvailable: long.MaxValue, limit: Resampler.OutputLength(_received, FromRate, ToRate));
    }

    void Produce(long lastAvailable, long limit)
    {
        var filter = _filter!;
        var held = _history.AsSpan(0, _count);
        int n = 0;
        while (_index <= lastAvailable && _produced < limit)
        {
            if (n == _out.Length) { _emit(_out); n = 0; }
            _out[n++] = filter.Apply(held, _index - _historyStart, _phase);
            _produced++;
            _index += _indexStep;
            _phase += _phaseStep;
            if (_phase >= _up) { _phase -= _up; _index++; }
        }
        if (n > 0) _emit(_out.AsSpan(0, n));
        Discard();
    }

    void Append(ReadOnlySpan<float> input)
    {
        if (_count + input.Length > _history.Length)
        {
            var grown = new float[Math.Max(_count + input.Length, 2 * _history.Length)];
            _history.AsSpan(0, _count).CopyTo(grown);
            _history = grown;
        }
        input.CopyTo(_history.AsSpan(_count));
        _count += input.Length;
    }

    /// <summary>Drops history no future output reads (before the next output's first tap). The whole-signal call sees
    /// zeros before position 0 only, so nothing is dropped while the first tap is still negative.</summary>
    void Discard()
    {
        long firstNeeded = _index - _filter!.HalfTaps + 1;
        long drop = Math.Clamp(firstNeeded - _historyStart, 0, _count);
        if (drop == 0) return;
        _history.AsSpan((int)drop, _count - (int)drop).CopyTo(_history);
        _count -= (int)drop;
        _historyStart += drop;
    }

    static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
