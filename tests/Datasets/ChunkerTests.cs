using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Tests.Datasets;

public sealed class ChunkerTests
{
    const int Rate = 100; // 10 s window = 1000 samples, 5 s step = 500
    static readonly ChunkParams P = new();

    [Theory]
    [InlineData(499, 0)]    // one sample under half a window: dropped
    [InlineData(500, 1)]    // exactly half a window: kept (the original's rule), one padded chunk
    [InlineData(501, 1)]    // just over half: one padded chunk
    [InlineData(999, 1)]    // 0–10 s does not fit; the 9.99 s piece is kept
    [InlineData(1000, 2)]   // 0–10 s; the piece from 5 s is exactly half: kept (every 10 s clip gives two chunks)
    [InlineData(1001, 2)]   // ... one sample more: kept
    [InlineData(1999, 3)]   // 0, 5 s full; the 9.99 s piece at 10 s is kept (with a 5 s step the last piece is never under half)
    [InlineData(2000, 4)]   // 0, 5, 10 s; the 5 s piece at 15 s is kept
    [InlineData(2300, 4)]   // ... and an 8 s piece at 15 s is kept
    public void Count_follows_the_half_window_rule(int samples, int expected)
    {
        Assert.Equal(expected, Chunker.Count(samples, Rate, P));
        Assert.Equal(expected, Chunker.Chunk(Recordings.Plain(), Recordings.Ramp(samples), Rate, P, TaskRegistry.Pneumonia).Count);
    }

    [Fact]
    public void Chunks_are_named_by_index_with_the_last_one_99_and_the_partial_piece_is_zero_padded()
    {
        var chunks = Chunker.Chunk(Recordings.Plain("101_1b1_Al_sc_Meditron", pneumonia: 1), Recordings.Ramp(2300), Rate, P, TaskRegistry.Pneumonia).ToArray();
        Assert.Equal(new[] { "101_1b1_Al_sc_Meditron_0", "101_1b1_Al_sc_Meditron_1", "101_1b1_Al_sc_Meditron_2", "101_1b1_Al_sc_Meditron_99" }, chunks.Select(c => c.Name));
        Assert.All(chunks, c => Assert.Equal(new[] { 1f }, c.Labels));
        Assert.Equal(new[] { false, false, false, true }, chunks.Select(c => c.Padded));
        Assert.Equal(new[] { false, false, false, true }, chunks.Select(c => c.IsLast));
        var last = chunks[3];
        Assert.Equal(15.0, last.StartSeconds, 9);
        Assert.Equal(23.0, last.EndSeconds, 9);
        Assert.Equal(1501f, last.Samples[0]);
        Assert.Equal(2300f, last.Samples[799]);
        Assert.All(last.Samples[800..], v => Assert.Equal(0f, v));
        Assert.Equal(501f, chunks[1].Samples[0]);
    }

    [Fact]
    public void A_ten_second_clip_keeps_its_exactly_half_window_last_piece_zero_padded()
    {
        // The boundary of the last-piece rule: 10 s at 10 s windows / 5 s steps leaves exactly 5 s from 5 s.
        var chunks = Chunker.Chunk(Recordings.Plain("clip"), Recordings.Ramp(1000), Rate, P, TaskRegistry.Pneumonia).ToArray();
        Assert.Equal(new[] { "clip_0", "clip_99" }, chunks.Select(c => c.Name));
        Assert.Equal(new[] { false, true }, chunks.Select(c => c.Padded));
        var last = chunks[1];
        Assert.Equal((5.0, 10.0), (last.StartSeconds, last.EndSeconds));
        Assert.Equal(Recordings.Ramp(1000)[500..], last.Samples[..500]); // the piece itself, not tiled
        Assert.All(last.Samples[500..], v => Assert.Equal(0f, v));
        // With a 10 s step the piece after the first window is exactly half at 15 s (kept) and under half one
        // sample earlier (dropped: the first window becomes the last).
        var tenStep = P with { StepSeconds = 10 };
        Assert.Equal(new[] { "clip_0", "clip_99" }, Chunker.Chunk(Recordings.Plain("clip"), Recordings.Ramp(1500), Rate, tenStep, TaskRegistry.Pneumonia).Select(c => c.Name));
        Assert.Equal(new[] { "clip_99" }, Chunker.Chunk(Recordings.Plain("clip"), Recordings.Ramp(1499), Rate, tenStep, TaskRegistry.Pneumonia).Select(c => c.Name));
        Assert.Equal(1, Chunker.Count(1499, Rate, tenStep));
        Assert.True(Chunker.KeepsLastPiece(500, 1000));
        Assert.False(Chunker.KeepsLastPiece(499, 1000));
        Assert.True(Chunker.KeepsLastPiece(3, 5));   // odd window: half is 2.5 samples, 3 reaches it
        Assert.False(Chunker.KeepsLastPiece(2, 5));
        Assert.False(Chunker.KeepsLastPiece(0, 1));
        Assert.False(Chunker.KeepsLastPiece(500, 1000, LastChunk.Drop));
        Assert.True(Chunker.KeepsLastPiece(501, 1000, LastChunk.Drop));
        Assert.True(Chunker.KeepsLastPiece(3, 5, LastChunk.Drop));
        // 15 s at 10 s windows, 5 s step: [0, 10), [5, 15), then a 5 s piece: kept by default, dropped by the trainers' rule.
        var keep = new ChunkParams();
        Assert.Equal(3, Chunker.Windows(15 * 8000, 8000, keep).Count);
        Assert.Equal(2, Chunker.Windows(15 * 8000, 8000, keep with { LastChunk = LastChunk.Drop }).Count);
        Assert.Equal(2, Chunker.Count(15 * 8000, 8000, keep with { LastChunk = LastChunk.Drop }));
    }

    [Fact]
    public void No_pad_drops_the_padded_chunk()
    {
        var chunks = Chunker.Chunk(Recordings.Plain(), Recordings.Ramp(2300), Rate, P with { NoPad = true }, TaskRegistry.Pneumonia);
        Assert.Equal(3, chunks.Count);
        Assert.DoesNotContain(chunks, c => c.Padded);
    }

    [Fact]
    public void Padding_tiles_pieces_under_half_the_target_and_zero_pads_longer_ones()
    {
        var target = new float[10];
        Assert.True(ChunkPadding.Fill(new float[] { 1, 2, 3 }, target));
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3, 1, 2, 3, 0 }, target);
        Assert.True(ChunkPadding.Fill(new float[] { 1, 2, 3, 4, 5 }, target));
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 0, 0, 0, 0, 0 }, target);
        Assert.False(ChunkPadding.Fill(Recordings.Ramp(12), target));
        Assert.Equal(Recordings.Ramp(10), target);
    }

    [Fact]
    public void Cw_chunks_take_cycle_labels_by_the_overlap_rule()
    {
        var rec = Recordings.Annotated(
            new CycleAnnotation(0, 3, false, false),
            new CycleAnnotation(3, 8, true, false),
            new CycleAnnotation(8, 13.2, false, false),
            new CycleAnnotation(13.2, 16, false, true));
        var chunks = Chunker.Chunk(rec, Recordings.Ramp(2000), Rate, P, TaskRegistry.CracklesWheezes).ToArray();
        // [0,10): crackles; [5,15): crackles (3 s of 3–8) and wheezes only 1.8 s ≥ 1.5; [10,20): wheezes;
        // the exactly-half piece [15,25): 1 s of the wheeze cycle < 1.5 s, nothing.
        Assert.Equal(new[] { new[] { 1f, 0f }, new[] { 1f, 1f }, new[] { 0f, 1f }, new[] { 0f, 0f } }, chunks.Select(c => c.Labels));
    }

    [Fact]
    public void Recording_level_labels_apply_to_every_chunk_and_unlabelled_recordings_give_none()
    {
        var jordan = Recordings.Plain() with { Labels = new RecordingLabels(0, Crackles: true, Wheezes: false) };
        Assert.All(Chunker.Chunk(jordan, Recordings.Ramp(2000), Rate, P, TaskRegistry.CracklesWheezes), c => Assert.Equal(new[] { 1f, 0f }, c.Labels));
        Assert.Empty(Chunker.Chunk(Recordings.Plain(pneumonia: -1), Recordings.Ramp(2000), Rate, P, TaskRegistry.Pneumonia));
        Assert.Empty(Chunker.Chunk(Recordings.Plain(), Recordings.Ramp(2000), Rate, P, TaskRegistry.CracklesWheezes));
    }

    [Fact]
    public void Per_cycle_mode_gives_one_fixed_length_sample_per_cycle()
    {
        var rec = Recordings.Annotated(
            new CycleAnnotation(0, 3, true, false),     // 300 samples < half: tiled (3 whole copies, then zeros)
            new CycleAnnotation(3, 15, false, true),    // 1200 samples: cropped
            new CycleAnnotation(14, 21, false, false)); // clipped to the 2000-sample end: 600, zero-padded
        var chunks = Chunker.Chunk(rec, Recordings.Ramp(2000), Rate, P with { PerCycle = true }, TaskRegistry.CracklesWheezes).ToArray();
        Assert.Equal(new[] { "rec_c0", "rec_c1", "rec_c2" }, chunks.Select(c => c.Name));
        Assert.Equal(new[] { new[] { 1f, 0f }, new[] { 0f, 1f }, new[] { 0f, 0f } }, chunks.Select(c => c.Labels));
        Assert.All(chunks, c => Assert.Equal(1000, c.Samples.Length));
        Assert.Equal(1f, chunks[0].Samples[600]);
        Assert.Equal(300f, chunks[0].Samples[899]);
        Assert.Equal(0f, chunks[0].Samples[900]);
        Assert.True(chunks[0].Padded);
        Assert.Equal(1300f, chunks[1].Samples[999]);
        Assert.False(chunks[1].Padded);
        Assert.Equal(2000f, chunks[2].Samples[599]);
        Assert.Equal(0f, chunks[2].Samples[600]);
    }
}
