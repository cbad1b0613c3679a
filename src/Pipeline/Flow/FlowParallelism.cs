namespace DataflowLung.Pipeline.Flow;

/// <summary>MaxDegreeOfParallelism per stage. <see cref="ForCores"/> sizes them by cost: decoding +
/// resampling and audio augmentation are the CPU-heavy stages and get most cores (at most 8 each: every
/// worker holds a source-rate recording, so more would cost memory for little gain); chunking is a copy;
/// features run batched on a kernel backend that parallelises itself (two in flight keep it fed while the
/// next batch is packed); spectrogram mixing (at most 2: each worker holds a whole window) and batch
/// assembly are memory copies.</summary>
public sealed record FlowParallelism(int Decode, int Chunk, int AudioAugment, int Features, int SpectrogramAugment, int Batch)
{
    public static FlowParallelism ForCores(int cores)
    {
        int c = Math.Max(1, cores);
        return new FlowParallelism(
            Decode: Math.Clamp(c - 1, 1, 8),
            Chunk: Math.Max(1, c / 4),
            AudioAugment: Math.Clamp(c / 2, 1, 8),
            Features: Math.Min(c, 2),
            SpectrogramAugment: Math.Clamp(c / 4, 1, 2),
            Batch: 1);
    }

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        void Check(string name, int v) { if (v < 1) p.Add($"parallelism of stage {name} must be ≥ 1 (got {v})"); }
        Check("decode", Decode); Check("chunk", Chunk); Check("audio-augment", AudioAugment);
        Check("features", Features); Check("spectrogram-augment", SpectrogramAugment); Check("batch", Batch);
        return p;
    }
}
