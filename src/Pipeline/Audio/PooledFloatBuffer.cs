using System.Buffers;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Growable float storage rented from <see cref="ArrayPool{T}"/>, for decoding streams whose
/// length is not known in advance. <see cref="ToArray"/> makes the one exact-size copy the caller keeps.</summary>
internal sealed class PooledFloatBuffer : IDisposable
{
    float[] _items;
    public int Count { get; private set; }

    public PooledFloatBuffer(int initialCapacity) => _items = ArrayPool<float>.Shared.Rent(Math.Max(16, initialCapacity));

    /// <summary>Space for <paramref name="count"/> more samples; call <see cref="Commit"/> with what was written.</summary>
    public Span<float> Reserve(int count)
    {
        if (Count + (long)count > _items.Length)
        {
            long wanted = Math.Max(Count + (long)count, 2L * _items.Length);
            var grown = ArrayPool<float>.Shared.Rent((int)Math.Min(wanted, Array.MaxLength));
            _items.AsSpan(0, Count).CopyTo(grown);
            ArrayPool<float>.Shared.Return(_items);
            _items = grown;
        }
        return _items.AsSpan(Count, count);
    }

    public void Commit(int count) => Count += count;

    public float[] ToArray() => _items.AsSpan(0, Count).ToArray();

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_items);
        _items = [];
    }
}
