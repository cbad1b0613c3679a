namespace DataflowLung.Pipeline.Flow;

/// <summary>The feature stage's seam: a batch of equal-length chunks in, one <see cref="Features"/> per chunk
/// out, in the same order. A kernel backend (<c>IFeatureBackend</c>) adapts to it by packing the chunks'
/// samples into one span, calling <c>Compute</c> and cutting the output with <see cref="ChunkFeatures.From"/>.
/// The graph never calls it with more than <see cref="FlowParams.FeatureBatchSize"/> chunks.</summary>
public interface IFeatureExtractor
{
    IReadOnlyList<Features> Extract(IReadOnlyList<Chunk> chunks);
}
