namespace DataflowLung.Pipeline.Audio;

/// <summary>What a WAV header says, checked against the file length.</summary>
/// <param name="File">The name used in messages (path, or the name given with a stream).</param>
/// <param name="Format">Sample container: 8-bit unsigned, 16/24/32-bit signed PCM, or 32/64-bit IEEE float.</param>
/// <param name="ValidBits">Significant bits per sample (equal to the container width except in some
/// WAVE_FORMAT_EXTENSIBLE files, e.g. 20 valid bits in 24).</param>
/// <param name="Extensible">The file uses WAVE_FORMAT_EXTENSIBLE.</param>
/// <param name="Frames">Whole frames that are actually present (what a decode returns).</param>
/// <param name="DeclaredFrames">Whole frames the <c>data</c> chunk claims; larger than <paramref name="Frames"/>
/// for truncated recordings.</param>
public sealed record WavInfo(string File, int SampleRate, int Channels, WavSampleFormat Format, int ValidBits, bool Extensible, long Frames, long DeclaredFrames)
{
    public bool Truncated => Frames < DeclaredFrames;
    public double DurationSeconds => (double)Frames / SampleRate;
}
