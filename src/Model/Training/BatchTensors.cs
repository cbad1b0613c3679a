using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>The boundary between pipeline batches (flat float arrays) and tensors.</summary>
public static class BatchTensors
{
    /// <summary>Why <paramref name="batch"/> cannot feed a model of <paramref name="shape"/>, if it cannot.</summary>
    public static Option<string> Problem(Batch batch, ModelShape shape)
    {
        string first = batch.ChunkNames.Count > 0 ? batch.ChunkNames[0] : "(no chunks)";
        if (batch.Size <= 0) return $"empty batch starting at {first}";
        if (batch.Mels != shape.Mels || batch.Frames != shape.Frames)
            return $"batch starting at {first} is {batch.Mels}×{batch.Frames} but the model expects {shape.Mels}×{shape.Frames}";
        if (batch.Outputs != shape.Outputs)
            return $"batch starting at {first} has {batch.Outputs} label(s) per chunk but the model has {shape.Outputs} output(s)";
        if (batch.Inputs.Length != (long)batch.Size * batch.Mels * batch.Frames || batch.Labels.Length != batch.Size * batch.Outputs
            || batch.ChunkNames.Count != batch.Size || batch.Recordings.Count != batch.Size)
            return $"batch starting at {first}: array lengths do not match its size {batch.Size}";
        return None;
    }

    public static Tensor Inputs(Batch b, Device device) =>
        tensor(b.Inputs, [b.Size, 1, b.Mels, b.Frames]).to(device);

    public static Tensor Labels(Batch b, Device device) =>
        tensor(b.Labels, [b.Size, b.Outputs]).to(device);

    /// <summary>Per-sample class weights as a <c>[B, 1]</c> column that broadcasts over the outputs; a soft (mixed)
    /// label gets the expected weight under its class probabilities.</summary>
    public static Tensor SampleWeights(Batch b, ClassWeightTable weights, Device device)
    {
        var w = new float[b.Size];
        for (int i = 0; i < b.Size; i++) w[i] = weights.SampleWeight(b.Labels.AsSpan(i * b.Outputs, b.Outputs));
        return tensor(w, [b.Size, 1]).to(device);
    }

    /// <summary>Pairs a batch's chunks with their predicted probabilities (row-major <c>[Size, Outputs]</c>).</summary>
    public static IEnumerable<PredictionRow> Predictions(Batch b, float[] probabilities) =>
        Enumerable.Range(0, b.Size).Select(i => PredictionRow.OfChunk(
            b.ChunkNames[i],
            b.Recordings[i],
            b.Labels.AsSpan(i * b.Outputs, b.Outputs),
            probabilities.AsSpan(i * b.Outputs, b.Outputs)));

    /// <summary>A recording's name, unique across datasets.</summary>
    public static string RecordingKey(RecordingRef r) => $"{r.Dataset}:{r.Name}";
}
