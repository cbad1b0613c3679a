namespace DataflowLung.Pipeline.Flow;

/// <summary>Attaches computed feature values to the metadata of the chunk they came from, so every
/// extractor carries names, labels and augmentation tags the same way.</summary>
public static class ChunkFeatures
{
    public static Features From(Chunk chunk, float[] values, int mels, int frames)
    {
        if (values.Length != mels * frames)
            throw new ArgumentException($"feature values of chunk {chunk.Name} have {values.Length} elements, expected {mels}×{frames}", nameof(values));
        return new Features(values, mels, frames, chunk.Labels, chunk.Name, chunk.Recording, chunk.Padded, chunk.IsLast,
            chunk.Augmentation, chunk.AugmentSeed);
    }
}
