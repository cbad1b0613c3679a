using LanguageExt;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Decode, down-mix and resample in one call: what dataset loaders need per recording.</summary>
public static class AudioLoader
{
    public static Fin<Signal> LoadMono(string path, int targetRate, WavReadOptions? o = null, ResamplerQuality? q = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        return WavReader.Read(path, o).Map(signal => Resampler.Resample(signal, targetRate, q));
    }
}
