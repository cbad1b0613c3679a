using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Plots;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Runs a trained model over recordings through the graph (no augmentation) and keeps every chunk's
/// probabilities with its recording, plus a few un-padded spectrograms of each class to draw; <c>observe</c> sees
/// every batch with its probabilities (the explanation step). A run in which every recording failed is a result with
/// no chunks (the flow report's faults say why), not an exception.</summary>
public static class ValidationPass
{
    public sealed record Result(IReadOnlyList<ChunkOutcome> Chunks, IReadOnlyList<SpectrogramExample> Examples, FlowReport? Flow);

    public static async Task<Fin<Result>> RunAsync(IChunkScorer predictor, DataFlow flow, IReadOnlyList<RecordingRef> recordings,
        LearningTask task, ChunkParams chunking, int examplesPerClass, CancellationToken ct, Action<Batch, float[]>? observe = null)
    {
        var chunks = new List<ChunkOutcome>();
        var examples = new List<SpectrogramExample>();
        FlowReport? report = null;
        try
        {
            await foreach (var batch in TrackedRun.Of(flow.Epoch(recordings, 0, training: false, ct), (_, _) => { }, r => report = r, ct))
                if (Collect(batch) is { } failure) return failure;
        }
        catch (FlowFailedException e)
        {
            // Every recording failed: not a crash but an outcome; the report's faults say why for each file.
            report = e.Report;
        }
        return FinSucc(new Result(chunks, examples, report));

        Fin<Result>? Collect(Batch batch)
        {
            var probabilities = predictor.Probabilities(batch);
            if (probabilities.IsFail) return probabilities.Map(_ => default(Result)!);
            var p = (float[])probabilities;
            observe?.Invoke(batch, p);
            var size = batch.Mels * batch.Frames;
            for (var i = 0; i < batch.Size; i++)
            {
                var labels = batch.Labels.AsSpan(i * batch.Outputs, batch.Outputs).ToArray();
                chunks.Add(new ChunkOutcome(batch.ChunkNames[i], batch.Recordings[i], labels, p.AsSpan(i * batch.Outputs, batch.Outputs).ToArray()));
                var className = ClassName(task, labels);
                if (examples.Count(e => e.ClassName == className) < examplesPerClass && WindowIndex(batch.ChunkNames[i]) is { } index)
                    examples.Add(new SpectrogramExample(batch.ChunkNames[i], className, batch.Inputs.AsSpan(i * size, size).ToArray(),
                        batch.Mels, batch.Frames, index * chunking.StepSeconds, batch.Recordings[i].Cycles.IfNone(Empty).ToArray()));
            }
            return null;
        }
    }

    public static string ClassName(LearningTask task, float[] labels) => task.ClassNames[task.ClassOf(labels)];

    /// <summary>The window index of a sliding-window chunk name (<c>&lt;recording&gt;_&lt;i&gt;</c>); none for the
    /// last chunk (<c>_99</c>, possibly padded) and per-cycle chunks, whose start is not a multiple of the step.</summary>
    private static int? WindowIndex(string chunkName)
    {
        var suffix = chunkName[(chunkName.LastIndexOf('_') + 1)..];
        return int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i != Chunker.LastChunkNumber ? i : null;
    }
}
