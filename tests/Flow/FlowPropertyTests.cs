using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;

namespace DataflowLung.Tests.Flow;

public sealed class FlowPropertyTests
{
    [Property(MaxTest = 200)]
    public bool Seeded_shuffle_is_a_permutation_and_repeatable(PositiveInt count, long seed)
    {
        var items = Enumerable.Range(0, count.Get % 300).ToArray();
        var once = FlowSeeds.Shuffle(items, seed);
        return once.Order().SequenceEqual(items) && once.SequenceEqual(FlowSeeds.Shuffle(items, seed));
    }

    [Fact]
    public void Seeded_shuffle_depends_on_the_seed()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        Assert.NotEqual(FlowSeeds.Shuffle(items, 1), FlowSeeds.Shuffle(items, 2));
        Assert.NotEqual(FlowSeeds.For(1, 0, "audio", "a_0"), FlowSeeds.For(1, 0, "audio", "a_1"));
        Assert.NotEqual(FlowSeeds.For(1, 0, "audio", "a_0"), FlowSeeds.For(1, 1, "audio", "a_0"));
        Assert.Equal(FlowSeeds.For(1, 0, "audio", "a_0"), FlowSeeds.For(1, 0, "audio", "a_0"));
    }

    [Property(MaxTest = 100)]
    public bool A_batch_holds_each_sample_and_label_at_its_index(PositiveInt size, PositiveInt mels, PositiveInt frames, bool twoOutputs, int seed)
    {
        int b = size.Get % 9 + 1, m = mels.Get % 7 + 1, t = frames.Get % 11 + 1, k = twoOutputs ? 2 : 1;
        var random = new Random(seed);
        var recording = new RecordingRef("d", "/x.wav", "x", "p", new RecordingLabels(0), Option<Seq<CycleAnnotation>>.None);
        var items = Enumerable.Range(0, b).Select(i => new Features(
            Enumerable.Range(0, m * t).Select(_ => random.NextSingle()).ToArray(), m, t,
            Enumerable.Range(0, k).Select(_ => random.NextSingle()).ToArray(), $"x_{i}", recording, false, false)).ToArray();
        var batch = BatchAssembler.Assemble(items);
        return batch.Size == b && batch.Mels == m && batch.Frames == t && batch.Outputs == k
               && batch.Inputs.Length == b * m * t && batch.Labels.Length == b * k
               && items.Select((f, i) => batch.Inputs.AsSpan(i * m * t, m * t).SequenceEqual(f.Values)
                                         && batch.Labels.AsSpan(i * k, k).SequenceEqual(f.Labels)
                                         && batch.ChunkNames[i] == f.Name).All(ok => ok);
    }

    [Fact]
    public void Samples_of_different_shapes_cannot_share_a_batch()
    {
        var recording = new RecordingRef("d", "/x.wav", "x", "p", new RecordingLabels(0), Option<Seq<CycleAnnotation>>.None);
        var a = new Features(new float[6], 2, 3, [0f], "x_0", recording, false, false);
        var b = new Features(new float[8], 2, 4, [0f], "x_1", recording, false, false);
        var error = Assert.Throws<InvalidOperationException>(() => BatchAssembler.Assemble([a, b]));
        Assert.Contains("x_1 is 2×4", error.Message);
    }
}
