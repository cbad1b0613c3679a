namespace DataflowLung.Pipeline.Audio;

/// <summary>Sample encodings the WAV layer reads and writes.</summary>
public enum WavSampleFormat
{
    Pcm8,
    Pcm16,
    Pcm24,
    Pcm32,
    Float32,
    Float64,
}

public static class WavSampleFormatExtensions
{
    public static int BytesPerSample(this WavSampleFormat f) => f switch
    {
        WavSampleFormat.Pcm8 => 1,
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Pcm32 => 4,
        WavSampleFormat.Float32 => 4,
        WavSampleFormat.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, null),
    };

    public static bool IsFloat(this WavSampleFormat f) => f is WavSampleFormat.Float32 or WavSampleFormat.Float64;
}
