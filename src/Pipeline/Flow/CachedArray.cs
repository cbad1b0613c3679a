namespace DataflowLung.Pipeline.Flow;

/// <summary>A cached float array with one int of metadata (a signal's sample rate, a spectrogram's mel count).</summary>
public sealed record CachedArray(float[] Data, int Tag);
