namespace DataflowLung.Pipeline.Audio;

/// <summary>The parsed <c>fmt </c> chunk, reduced to what decoding needs.</summary>
internal sealed record WavFormat(int SampleRate, int Channels, WavSampleFormat Format, int ValidBits, bool Extensible)
{
    public int BlockAlign => Channels * Format.BytesPerSample();
}

/// <summary>A header read up to the first byte of the <c>data</c> payload.</summary>
/// <param name="DeclaredDataBytes">The <c>data</c> chunk's size field.</param>
/// <param name="AvailableDataBytes">Bytes left in the stream after the data header, when the stream can tell.</param>
internal sealed record WavLayout(WavFormat Format, long DeclaredDataBytes, long? AvailableDataBytes)
{
    /// <summary>Writers that stream without seeking back leave the size at its maximum.</summary>
    public bool SizeUnset => DeclaredDataBytes == uint.MaxValue;
}
