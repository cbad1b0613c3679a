namespace DataflowLung.Kernels;

/// <summary>Turns a batch of equal-length clips into [batch, n_mels, frames] log-mel spectrograms.
/// Each backend parallelises internally over the batch; Compute calls are serialised by the backend
/// (safe to call from several threads, but they queue), so a Dataflow stage should own one backend per
/// block and give it whole batches rather than run many small concurrent calls.</summary>
public interface IFeatureBackend : IDisposable
{
    string Name { get; }
    FeatureParams Params { get; }
    int ClipSamples { get; }
    int Frames { get; }

    /// <summary><paramref name="clips"/>: batchSize × ClipSamples, row-major. <paramref name="output"/>:
    /// batchSize × NMels × Frames, row-major (frames fastest).</summary>
    void Compute(ReadOnlySpan<float> clips, int batchSize, Span<float> output);
}
