using System.Buffers;
using DataflowLung.Kernels;

namespace DataflowLung.Pipeline.Flow;

/// <summary>Adapts a kernel <see cref="IFeatureBackend"/> to the graph's feature seam: packs the chunks into one
/// pooled span, computes the batch, cuts one <see cref="Features"/> per chunk. Chunks whose length or rate differ
/// from the backend's are a configuration bug (chunk and feature parameters disagree) and throw.</summary>
public sealed class BackendFeatureExtractor(IFeatureBackend backend) : IFeatureExtractor
{
    public IReadOnlyList<Features> Extract(IReadOnlyList<Chunk> chunks)
    {
        int count = chunks.Count, clip = backend.ClipSamples, mels = backend.Params.NMels, frames = backend.Frames, size = mels * frames;
        foreach (var c in chunks)
        {
            if (c.Samples.Length != clip)
                throw new ArgumentException($"chunk {c.Name} has {c.Samples.Length} samples but the {backend.Name} feature backend takes clips of {clip}", nameof(chunks));
            if (c.SampleRate != backend.Params.SampleRate)
                throw new ArgumentException($"chunk {c.Name} is at {c.SampleRate} Hz but the features expect {backend.Params.SampleRate} Hz", nameof(chunks));
        }
        var clips = ArrayPool<float>.Shared.Rent(count * clip);
        var output = ArrayPool<float>.Shared.Rent(count * size);
        try
        {
            for (int i = 0; i < count; i++) chunks[i].Samples.CopyTo(clips, i * clip);
            backend.Compute(clips.AsSpan(0, count * clip), count, output.AsSpan(0, count * size));
            var result = new Features[count];
            for (int i = 0; i < count; i++) result[i] = ChunkFeatures.From(chunks[i], output.AsSpan(i * size, size).ToArray(), mels, frames);
            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(clips);
            ArrayPool<float>.Shared.Return(output);
        }
    }
}
