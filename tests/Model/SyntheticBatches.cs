using System.Runtime.CompilerServices;
using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Model;

/// <summary>A small learnable data set: noise spectrograms where positives carry a bright band in rows 8–11.
/// Each sample is its own recording and patient.</summary>
internal sealed class SyntheticBatches
{
    public const int Mels = 32, Frames = 40;

    private readonly float[][] inputs;
    private readonly float[][] labels;
    private readonly RecordingRef[] recordings;

    public SyntheticBatches(int count, int outputs, int seed)
    {
        var rng = new Random(seed);
        inputs = new float[count][];
        labels = new float[count][];
        recordings = new RecordingRef[count];
        for (int i = 0; i < count; i++)
        {
            var label = Enumerable.Range(0, outputs).Select(o => (float)((i >> o) & 1)).ToArray();
            var x = new float[Mels * Frames];
            for (int j = 0; j < x.Length; j++) x[j] = (float)(rng.NextDouble() - 0.5);
            for (int o = 0; o < outputs; o++)
                if (label[o] > 0)
                    for (int row = 8 + 12 * o; row < 12 + 12 * o; row++)
                        for (int t = 0; t < Frames; t++) x[row * Frames + t] += 2f;
            inputs[i] = x;
            labels[i] = label;
            recordings[i] = new RecordingRef("synthetic", $"/nowhere/r{i}.wav", $"r{i}", $"p{i}", new RecordingLabels((int)label[0]), None);
        }
        Outputs = outputs;
    }

    public int Outputs { get; }
    public int Count => inputs.Length;
    public IEnumerable<float[]> Labels => labels;

    public IEnumerable<Batch> Batches(int batchSize)
    {
        for (int start = 0; start < Count; start += batchSize)
        {
            int size = Math.Min(batchSize, Count - start);
            var idx = Enumerable.Range(start, size).ToArray();
            yield return new Batch(
                idx.SelectMany(i => inputs[i]).ToArray(), size, Mels, Frames,
                idx.SelectMany(i => labels[i]).ToArray(), Outputs,
                idx.Select(i => $"r{i}_0").ToArray(), idx.Select(i => recordings[i]).ToArray());
        }
    }

    public async IAsyncEnumerable<Batch> Stream(int batchSize, TimeSpan delay = default, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var b in Batches(batchSize))
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, ct);
            else await Task.Yield();
            yield return b;
        }
    }
}
