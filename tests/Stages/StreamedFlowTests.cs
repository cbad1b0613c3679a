using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Stages;

/// <summary>Long recordings through the real graph (issue 23): a recording whose decoded signal is larger than the signal
/// cache's memory budget is cut window by window from its decode stream. Budget 0 streams every recording, a large one
/// none; the batches (names, labels, features bit for bit), the faults, the warnings and the counts must be the same,
/// and a streamed recording is cut only as fast as the graph consumes it.</summary>
public sealed class StreamedFlowTests(StageCorpus corpus) : IClassFixture<StageCorpus>
{
    static async Task<(List<Batch> Batches, FlowReport Report, List<string> Warnings)> Run(StageParams p, long signalBudget,
        IReadOnlyList<RecordingRef> recordings, bool training)
    {
        using var backend = StageCorpus.Backend(p);
        var warnings = new List<string>();
        var stages = PipelineStages.Create(p, backend, onDecodeWarning: w => { lock (warnings) warnings.Add(w); }).ThrowIfFail();
        var flow = new DataFlow(stages, StageCorpus.Flow(7) with { SignalCacheBytes = signalBudget, ShuffleWindow = 16 });
        var (batches, report) = await StageCorpus.RunEpoch(flow, recordings, 1, training);
        return (batches, report, warnings);
    }

    static void SameBatches(List<Batch> expected, List<Batch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].ChunkNames, actual[i].ChunkNames);
            Assert.Equal(expected[i].Labels, actual[i].Labels);
            Assert.True(expected[i].Inputs.AsSpan().SequenceEqual(actual[i].Inputs), $"batch {i}: features differ");
        }
    }

    /// <summary>The corpus plus the files the reader treats specially: a truncated data chunk (a warning), a float file
    /// of NaN only (an error), a NaN in a float file (replaced, a warning), a text file named .wav (an error).</summary>
    RecordingRef[] Inputs()
    {
        var dir = Path.Combine(corpus.Root, "special");
        Directory.CreateDirectory(dir);
        var template = corpus.Jordan[0];
        RecordingRef As(string name) => template with { Path = Path.Combine(dir, name + ".wav"), Name = name };
        var noise = Enumerable.Range(0, 20_000).Select(i => (float)Math.Sin(i * 0.05) * 0.3f).ToArray();
        var truncated = As("truncated");
        WavWriter.Write(truncated.Path, noise, 8000);
        using (var f = new FileStream(truncated.Path, FileMode.Open)) f.SetLength(f.Length - 7001);
        var allNan = As("allnan");
        WavWriter.Write(allNan.Path, Enumerable.Repeat(float.NaN, 30_000).ToArray(), 8000, WavSampleFormat.Float32);
        var someNan = As("somenan");
        var holed = (float[])noise.Clone();
        holed[0] = float.NaN;
        holed[9_000] = float.PositiveInfinity;
        WavWriter.Write(someNan.Path, holed, 44100, WavSampleFormat.Float32);
        var text = As("text");
        File.WriteAllText(text.Path, "not a wav");
        return [.. corpus.All, truncated, allNan, someNan, text];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streaming_every_recording_gives_the_batches_faults_and_warnings_of_whole_signals(bool training)
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, Pipeline.Augment.AugmentParams.Default);
        var recordings = Inputs();
        var whole = await Run(p, 1L << 30, recordings, training);
        var streamed = await Run(p, 0, recordings, training);

        SameBatches(whole.Batches, streamed.Batches);
        Assert.Equal(whole.Report.Faults, streamed.Report.Faults);
        Assert.Equal(2, streamed.Report.Faults.Count); // the NaN-only file and the text file
        Assert.Equal(whole.Report.Chunks, streamed.Report.Chunks);
        Assert.Equal(whole.Report.RecordingsOk, streamed.Report.RecordingsOk);
        Assert.Equal(whole.Warnings.Order(StringComparer.Ordinal), streamed.Warnings.Order(StringComparer.Ordinal));
        Assert.NotEmpty(streamed.Warnings);
        // Nothing streamed was decoded whole into the cache; the whole run kept its signals.
        Assert.Equal(0, streamed.Report.SignalCache.MemoryItems);
        Assert.Equal(1, streamed.Report.SignalCache.Misses); // the text file: no header to size it, so the whole path reports it
        Assert.True(whole.Report.SignalCache.MemoryItems > 0);
    }

    [Fact]
    public async Task Cycle_windows_labels_match_too()
    {
        var p = StageCorpus.Params(TaskRegistry.CracklesWheezes, Pipeline.Augment.AugmentParams.Default);
        var recordings = corpus.Icbhi.ToArray();
        var whole = await Run(p, 1L << 30, recordings, training: false);
        var streamed = await Run(p, 0, recordings, training: false);
        SameBatches(whole.Batches, streamed.Batches);
        Assert.Equal(whole.Report.Faults, streamed.Report.Faults);
    }

    [Fact]
    public async Task A_long_recording_is_cut_only_as_fast_as_the_graph_consumes_it()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, Pipeline.Augment.AugmentParams.Default);
        var template = corpus.Jordan[0];
        var path = Path.Combine(corpus.Root, "long-600s.wav");
        var rng = new Random(3);
        WavWriter.Write(path, Enumerable.Range(0, 600 * 8000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 8000);
        var recording = template with { Path = path, Name = "long-600s" };
        const int total = 600; // 599 whole 2 s windows every 1 s over 600 s, then the half-window piece from 599 s

        using var backend = StageCorpus.Backend(p);
        var flow = new DataFlow(PipelineStages.Create(p, backend).ThrowIfFail(),
            StageCorpus.Flow(7) with { SignalCacheBytes = 1 << 20, ChunkCapacity = 4, BatchCapacity = 1 });
        await using var run = flow.Epoch([recording], 0, training: false);
        await using var batches = run.GetAsyncEnumerator();
        Assert.True(await batches.MoveNextAsync());
        // Hold the graph back: the queues fill, and the bounded stages stop the cutting far before the end.
        await Task.Delay(300);
        long cut = run.Snapshot().Chunks;
        // What the bounded stages can hold is well under 100 chunks here (docs/pipeline.md, memory bound).
        Assert.True(cut < total / 4, $"{cut} of {total} chunks were cut while the consumer held one batch");
        int seen = batches.Current.Size;
        while (await batches.MoveNextAsync()) seen += batches.Current.Size;
        Assert.Equal(total, seen);
        Assert.Equal(0, run.Snapshot().SignalCache.MemoryItems);
    }
}
