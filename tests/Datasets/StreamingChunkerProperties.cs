using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Tests.Audio;
using FsCheck.Fluent;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary><see cref="StreamingChunker"/> fed a signal in random pieces cuts exactly <see cref="Chunker.Chunk"/>'s
/// chunks of the whole signal (names, indices, samples, times, labels, padding, the last one), over random lengths,
/// windows, steps (shorter and longer than the window), both last-chunk rules, NoPad, the padded short recording of
/// predict, and windowed labels from cycles; and it holds a chunk back only until the next one is cut.</summary>
public sealed class StreamingChunkerProperties
{
    sealed record Case(float[] Signal, int Rate, ChunkParams P, LearningTask Task, RecordingRef Recording, int[] Pieces);

    static readonly FsCheck.Gen<Case> Cases =
        from n in Gen.Choose(0, 6000)
        from rate in Gen.Choose(10, 400)
        from window in Gen.Choose(1, 60).Select(w => w / 4.0)
        from stepFactor in Gen.Choose(1, 25).Select(s => s / 10.0)
        from last in Gen.Elements(LastChunk.Keep, LastChunk.Drop)
        from noPad in Gen.Elements(false, false, true)
        from shortMin in Gen.Elements<double?>(null, null, 0.01, 0.5, 3.0)
        from cw in Gen.Elements(false, true)
        from cycles in Gen.ListOf(Gen.Choose(0, 400).Select(x => x / 10.0).Two()).Select(l => l.ToArray())
        from pieces in Gen.NonEmptyListOf(Gen.Choose(1, 700)).Select(l => l.ToArray())
        from seed in Gen.Choose(0, int.MaxValue)
        select Make(n, rate, window, stepFactor, last, noPad, shortMin, cw, cycles, pieces, seed);

    static Case Make(int n, int rate, double window, double stepFactor, LastChunk last, bool noPad, double? shortMin, bool cw,
        (double, double)[] cycles, int[] pieces, int seed)
    {
        var rng = new Random(seed);
        var signal = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var p = new ChunkParams(AudioLengthSeconds: window, StepSeconds: Math.Max(0.01, window * stepFactor), LastChunk: last,
            NoPad: noPad, ShortRecordingMinSeconds: shortMin);
        var recording = cw
            ? Recordings.Annotated([.. cycles.Select((c, i) => new CycleAnnotation(Math.Min(c.Item1, c.Item2), Math.Max(c.Item1, c.Item2), i % 2 == 0, i % 3 == 0))])
            : Recordings.Plain(pneumonia: seed % 2);
        return new Case(signal, rate, p, cw ? (LearningTask)TaskRegistry.CracklesWheezes : TaskRegistry.Pneumonia, recording, pieces);
    }

    static List<Chunk> Streamed(Case c)
    {
        var chunks = new List<Chunk>();
        var chunker = new StreamingChunker(c.Recording, c.Rate, c.P, c.Task, chunks.Add);
        int at = 0, i = 0;
        while (at < c.Signal.Length)
        {
            int take = Math.Min(c.Signal.Length - at, c.Pieces[i++ % c.Pieces.Length]);
            chunker.Push(c.Signal.AsSpan(at, take));
            at += take;
        }
        chunker.Finish();
        return chunks;
    }

    static bool Same(Chunk a, Chunk b) =>
        a.Name == b.Name && a.Index == b.Index && a.Samples.AsSpan().SequenceEqual(b.Samples) && a.SampleRate == b.SampleRate
        && a.StartSeconds.Equals(b.StartSeconds) && a.EndSeconds.Equals(b.EndSeconds) && a.Labels.AsSpan().SequenceEqual(b.Labels)
        && a.Padded == b.Padded && a.IsLast == b.IsLast && ReferenceEquals(a.Recording, b.Recording) && a.AugmentSeed == b.AugmentSeed;

    [Fact]
    public void Streamed_chunks_equal_the_whole_signal_chunks()
    {
        SeededProperty.Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            Assert.True(StreamingChunker.Streams(c.Recording, c.P, c.Task));
            var whole = Chunker.Chunk(c.Recording, c.Signal, c.Rate, c.P, c.Task).ToArray();
            var streamed = Streamed(c);
            return whole.Length == streamed.Count && Enumerable.Range(0, whole.Length).All(i => Same(whole[i], streamed[i]));
        }), 400, 41);
    }

    [Fact]
    public void A_chunk_leaves_once_the_next_one_is_cut_and_the_last_is_named_99_at_the_end()
    {
        var p = new ChunkParams(AudioLengthSeconds: 10, StepSeconds: 5);
        var chunks = new List<Chunk>();
        var chunker = new StreamingChunker(Recordings.Plain(), 10, p, TaskRegistry.Pneumonia, chunks.Add);
        chunker.Push(Recordings.Ramp(100)); // window 0 cut, held (it may be the last)
        Assert.Empty(chunks);
        chunker.Push(new float[50]);        // window 1 cut: window 0 leaves
        Assert.Equal(["rec_0"], chunks.Select(c => c.Name));
        chunker.Finish();                   // 150 samples: window 1 leaves, then the half-window piece from 100, last
        Assert.Equal(["rec_0", "rec_1", "rec_99"], chunks.Select(c => c.Name));
        Assert.Equal(2, chunks[2].Index);
        Assert.True(chunks[2].Padded && chunks[2].IsLast && !chunks[1].IsLast);
        Assert.Equal(Recordings.Ramp(100), chunks[0].Samples);
    }

    [Fact]
    public void Per_cycle_chunking_is_not_streamed()
    {
        var annotated = Recordings.Annotated(new CycleAnnotation(0, 2, true, false));
        var p = new ChunkParams(PerCycle: true);
        Assert.False(StreamingChunker.Streams(annotated, p, TaskRegistry.CracklesWheezes));
        Assert.Throws<ArgumentException>(() => new StreamingChunker(annotated, 100, p, TaskRegistry.CracklesWheezes, _ => { }));
        Assert.True(StreamingChunker.Streams(Recordings.Plain(), p, TaskRegistry.Pneumonia)); // no cycles: windows
    }
}
