using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Datasets;

/// <summary><see cref="ChunkParams.ShortRecordingMinSeconds"/> (predict and evaluate): a recording too short for any
/// window but at least the minimum is one chunk of its whole length, padded by the original's rule (tiled under half
/// a window, zero-padded otherwise); without it, or under the minimum, the original's rule stands.</summary>
public sealed class ShortRecordingChunkTests
{
    static readonly ChunkParams Predicting = new(AudioLengthSeconds: 10, StepSeconds: 5, ShortRecordingMinSeconds: 1);

    [Fact]
    public void A_three_second_recording_is_one_tiled_chunk()
    {
        var samples = Recordings.Ramp(3 * 100);
        var chunk = Assert.Single(Chunker.Chunk(Recordings.Plain(), samples, 100, Predicting, TaskRegistry.Pneumonia));
        Assert.True(chunk.Padded);
        Assert.True(chunk.IsLast);
        Assert.Equal("rec_99", chunk.Name);
        Assert.Equal(samples.Concat(samples).Concat(samples), chunk.Samples.Take(900)); // three whole copies fit 10 s
        Assert.All(chunk.Samples.Skip(900), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void A_four_and_a_half_second_recording_is_one_tiled_chunk_where_the_original_gives_none()
    {
        // Under half a window (5 s of 10 s): the original's rule drops it; predict keeps it, tiled forward.
        var samples = Recordings.Ramp(450);
        Assert.Empty(Chunker.Chunk(Recordings.Plain(), samples, 100, Predicting with { ShortRecordingMinSeconds = null }, TaskRegistry.Pneumonia));
        var chunk = Assert.Single(Chunker.Chunk(Recordings.Plain(), samples, 100, Predicting, TaskRegistry.Pneumonia));
        Assert.True(chunk.Padded);
        Assert.Equal(samples.Concat(samples), chunk.Samples.Take(900));
    }

    [Fact]
    public void A_five_second_recording_is_one_zero_padded_chunk_under_either_rule()
    {
        // Exactly half a window: the original's code keeps the piece (zero-padded), so predict's rule changes nothing.
        var samples = Recordings.Ramp(5 * 100);
        foreach (var p in new[] { Predicting, Predicting with { ShortRecordingMinSeconds = null } })
        {
            var chunk = Assert.Single(Chunker.Chunk(Recordings.Plain(), samples, 100, p, TaskRegistry.Pneumonia));
            Assert.Equal(samples, chunk.Samples.Take(500));
            Assert.All(chunk.Samples.Skip(500), x => Assert.Equal(0f, x));
        }
    }

    [Fact]
    public void Under_the_minimum_there_is_no_chunk()
    {
        Assert.Empty(Chunker.Chunk(Recordings.Plain(), Recordings.Ramp(99), 100, Predicting, TaskRegistry.Pneumonia));
        Assert.Equal(0, Chunker.Count(99, 100, Predicting));
        Assert.Equal(1, Chunker.Count(100, 100, Predicting));
    }

    [Property(MaxTest = 300)]
    public bool Count_agrees_with_the_chunks_and_short_recordings_give_at_most_one(int n, int min)
    {
        int samples = Math.Abs(n % 2_000);
        var p = Predicting with { ShortRecordingMinSeconds = 0.1 + Math.Abs(min % 50) / 10.0 };
        var chunks = Chunker.Chunk(Recordings.Plain(), new float[samples], 100, p, TaskRegistry.Pneumonia);
        bool expected = samples >= 1000 || samples >= Math.Round(p.ShortRecordingMinSeconds!.Value * 100) && samples > 0 || 2 * samples > 1000;
        return Chunker.Count(samples, 100, p) == chunks.Count
            && (samples >= 1000 || chunks.Count <= 1)
            && (chunks.Count > 0) == expected;
    }
}
