namespace DataflowLung.Pipeline.Audio;

/// <summary>Decoded samples appended in pieces into one array sized up front when the length is known, so the
/// common case returns that array itself (no second full-length copy at the end, which doubled the peak memory
/// of a long recording); it grows by doubling when the length was unknown or wrong.</summary>
internal sealed class GrowableSamples(int initialCapacity)
{
    float[] _items = new float[Math.Max(0, initialCapacity)];
    int _count;

    public int Count => _count;

    public void Append(ReadOnlySpan<float> piece)
    {
        if (_count + (long)piece.Length > _items.Length)
        {
            long wanted = Math.Max(_count + (long)piece.Length, Math.Max(16, 2L * _items.Length));
            Array.Resize(ref _items, (int)Math.Min(wanted, Array.MaxLength));
        }
        piece.CopyTo(_items.AsSpan(_count));
        _count += piece.Length;
    }

    public float[] ToExactArray() => _count == _items.Length ? _items : _items.AsSpan(0, _count).ToArray();
}
