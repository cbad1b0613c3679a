namespace DataflowLung.Tests.Audio;

/// <summary>A forward-only view of bytes that hands out short reads of varying size, like a network or
/// pipe stream: exercises the reader's non-seekable path and its handling of partial reads.</summary>
internal sealed class ChunkedStream(byte[] data, int seed) : Stream
{
    readonly Random _random = new(seed);
    int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1 + _random.Next(5000));
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
