namespace DataflowLung.Pipeline.Flow;

/// <summary>Packs features into a tensor-ready <see cref="Batch"/>: inputs <c>[B, 1, M, T]</c> and labels
/// <c>[B, K]</c>, row-major, in the order given.</summary>
public static class BatchAssembler
{
    public static Batch Assemble(IReadOnlyList<Features> items)
    {
        if (items.Count == 0) throw new ArgumentException("a batch needs at least one sample", nameof(items));
        var first = items[0];
        int mels = first.Mels, frames = first.Frames, outputs = first.Labels.Length, size = mels * frames;
        var inputs = new float[items.Count * size];
        var labels = new float[items.Count * outputs];
        var names = new string[items.Count];
        var recordings = new RecordingRef[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var f = items[i];
            // Shapes differ only when stages disagree on parameters: a bug, not a data problem.
            if (f.Mels != mels || f.Frames != frames || f.Values.Length != size)
                throw new InvalidOperationException($"sample {f.Name} is {f.Mels}×{f.Frames} ({f.Values.Length} values) but {first.Name} is {mels}×{frames}");
            if (f.Labels.Length != outputs)
                throw new InvalidOperationException($"sample {f.Name} has {f.Labels.Length} labels but {first.Name} has {outputs}");
            f.Values.CopyTo(inputs, i * size);
            f.Labels.CopyTo(labels, i * outputs);
            names[i] = f.Name;
            recordings[i] = f.Recording;
        }
        return new Batch(inputs, items.Count, mels, frames, labels, outputs, names, recordings);
    }
}
