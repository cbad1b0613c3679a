using DataflowLung.Tests.Support;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Stages;

/// <summary>Class weights from the labels-only census equal those over the chunks the flow really cuts; streaming
/// oversampling repeats minority chunks by the census' rates and is counted.</summary>
public sealed class ClassBalanceTests(StageCorpus corpus) : IClassFixture<StageCorpus>
{
    [Theory]
    [InlineData("pneumonia")]
    [InlineData("cw")]
    public async Task The_census_counts_the_classes_of_the_chunks_the_flow_cuts(string taskName)
    {
        var task = TestTasks.Named(taskName);
        var p = StageCorpus.Params(task, AugmentParams.Default);
        using var backend = StageCorpus.Backend(p);
        var flow = new DataFlow(PipelineStages.Create(p, backend).ThrowIfFail(), StageCorpus.Flow());
        var (batches, report) = await StageCorpus.RunEpoch(flow, corpus.All.ToArray(), 0, training: false);
        var chunkLabels = StageCorpus.Originals(batches).Select(o => o.Labels).ToArray();

        var census = ClassCensus.Count(corpus.All, task, p.SampleRate, p.Chunks);
        Assert.Empty(census.Skipped);
        Assert.Equal(corpus.All.Count, census.Recordings);
        Assert.Equal(report.Chunks, census.Chunks);
        var counted = new long[task.ClassCount];
        foreach (var l in chunkLabels) counted[task.ClassOf(l)]++;
        Assert.Equal(counted, census.PerClass);
        Assert.True(census.PerClass.Count(c => c > 0) >= 2, "the corpus must hold at least two classes");

        var fromCensus = ClassBalance.Weights(census, classWeights: true, oversample: false).ThrowIfFail();
        var fromChunks = ClassWeights.Balanced(chunkLabels, task).ThrowIfFail();
        Assert.Equal(fromChunks.PerClass, fromCensus.PerClass);
        Assert.Equal(census.ByName().Map(c => c.Count).Sum(), (int)census.Chunks);
    }

    [Fact]
    public void Weights_are_uniform_when_off_and_equal_for_the_present_classes_after_oversampling()
    {
        var census = new ClassCensus(TaskRegistry.CracklesWheezes, [30, 10, 0, 5], 9, Empty);
        Assert.Equal([0.0, 2.0, 0.0, 5.0], ClassBalance.OversampleRates(census));
        Assert.Equal([30L, 30, 0, 30], ClassBalance.CountsAfterOversampling(census));
        Assert.Equal([45f / 90, 45f / 30, 0f, 45f / 15], ClassBalance.Weights(census, classWeights: true, oversample: false).ThrowIfFail().PerClass);
        Assert.Equal([1f, 1f, 0f, 1f], ClassBalance.Weights(census, classWeights: true, oversample: true).ThrowIfFail().PerClass);
        Assert.Equal([1f, 1f, 1f, 1f], ClassBalance.Weights(census, classWeights: false, oversample: false).ThrowIfFail().PerClass);
        Assert.True(ClassBalance.Weights(census with { PerClass = [0, 0, 0, 0] }, classWeights: true, oversample: false).IsFail);
    }

    [Fact]
    public async Task Oversampling_repeats_minority_chunks_by_the_census_rates_and_counts_them()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, AugmentParams.Default with { Oversample = true });
        var recordings = corpus.All.ToArray();
        var census = ClassCensus.Count(recordings, p.Task, p.SampleRate, p.Chunks);
        using var backend = StageCorpus.Backend(p);
        Assert.Contains("class census", ((LanguageExt.Common.Error)PipelineStages.Create(p, backend)).Message);

        var flow = new DataFlow(PipelineStages.Create(p, backend, census).ThrowIfFail(), StageCorpus.Flow(seed: 9));
        var (batches, report) = await StageCorpus.RunEpoch(flow, recordings, 3, training: true);

        var rates = ClassBalance.OversampleRates(census);
        var seen = batches.SelectMany(b => Enumerable.Range(0, b.Size).Select(i => (Name: b.ChunkNames[i], Label: b.Labels[i], b.Recordings[i]))).ToList();
        var distinct = seen.DistinctBy(s => s.Name).ToList();
        Assert.Equal(report.Chunks, distinct.Count);
        int planned = distinct.Sum(s => AudioAugmentation.Plan(new Chunk(s.Item3, 0, s.Name, [], 8000, 0, 0, [s.Label], false, false),
            FlowSeeds.For(9, 3, "audio", s.Name), p.Task, p.Augment, rates).Count);
        Assert.True(planned > 0);
        Assert.Equal(new Dictionary<string, long> { [AugmentationCounts.Oversampled] = planned }, report.AugmentedByKind);
        Assert.Equal(report.Chunks + planned, seen.Count);
        int minority = census.PerClass[0] < census.PerClass[1] ? 0 : 1;
        Assert.All(seen.GroupBy(s => s.Name).Where(g => g.Count() > 1), g => Assert.Equal(minority, (int)g.First().Label));
        // Balanced in expectation: the minority's total lands near the majority's count.
        long minorityTotal = seen.Count(s => (int)s.Label == minority), majority = census.PerClass[1 - minority];
        Assert.InRange(minorityTotal, majority * 0.6, majority * 1.4);
        // Exact repeats share the original's samples, so their features are the original's (and may come from the cache).
        var inputs = batches.SelectMany(b => Enumerable.Range(0, b.Size).Select(i => (b.ChunkNames[i], b.Inputs.AsSpan(i * b.Mels * b.Frames, b.Mels * b.Frames).ToArray())));
        Assert.All(inputs.GroupBy(x => x.Item1), g => Assert.All(g, x => Assert.Equal(g.First().Item2, x.Item2)));
    }
}
