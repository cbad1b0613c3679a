using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using LanguageExt;
using static LanguageExt.Prelude;
using Xunit.Abstractions;

namespace DataflowLung.Tests.Stages;

/// <summary>The real stages (WAV reader, resampler, chunker, CPU kernels, augmenters) through the real graph.</summary>
public sealed class StagesFlowTests(StageCorpus corpus, ITestOutputHelper output) : IClassFixture<StageCorpus>
{
    static readonly AugmentParams Augmented = AugmentParams.Default with
    {
        Mixups = Seq1(new MixupParams(LabelOne: 1, LabelTwo: 0, Quantity: 0.5)),
        SpecAugment = new SpecAugmentParams(TimeMasks: 1, MaxTimeWidth: 10, FreqMasks: 1, MaxFreqWidth: 5, Quantity: 0.25),
        AudioAugments = Seq1(new AudioAugmentParams(AudioOpKind.Noise, Quantity: 0.5)),
        AugMixes = Seq1(new AugMixParams { Quantity = 0.3, Width = 2 }),
    };

    const long Seed = 5;
    const int Epoch = 1;

    [Fact]
    public async Task A_training_epoch_with_mixup_specaugment_noise_and_augmix_adds_exactly_the_planned_samples()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, Augmented);
        using var backend = StageCorpus.Backend(p);
        var stages = PipelineStages.Create(p, backend).ThrowIfFail();
        var (batches, report) = await StageCorpus.RunEpoch(new DataFlow(stages, StageCorpus.Flow(Seed)), corpus.All.ToArray(), Epoch, training: true);

        output.WriteLine(report.Describe());
        Assert.Empty(report.Faults);
        var originals = StageCorpus.Originals(batches);
        Assert.Equal(report.Chunks, originals.Count);
        Assert.Equal(originals.Count, originals.Select(o => o.Name).Distinct().Count());
        var census = ClassCensus.Count(corpus.All, TaskRegistry.Pneumonia, p.SampleRate, p.Chunks);
        Assert.Equal(census.Chunks, report.Chunks);

        // Per-chunk plans, from the seeds the flow derives for each original chunk.
        var asChunks = originals.Select(o => new Chunk(o.Recording, 0, o.Name, [], p.SampleRate, 0, 0, o.Labels, false, false)).ToList();
        var noisy = asChunks.Where(c => AudioAugmentation.Plan(c, FlowSeeds.For(Seed, Epoch, "audio", c.Name), p.Task, p.Augment, null).Count == 1)
            .Select(c => $"noise({c.Name})").ToHashSet();
        var augmixed = asChunks.Where(c => AugMixAugmentation.Plan(c, FlowSeeds.For(Seed, Epoch, "feature", c.Name), p.Task, p.Augment).Count == 1)
            .Select(c => $"augmix({c.Name})").ToHashSet();
        // Window plans: the one window holds every original.
        long positives = census.PerClass[1], negatives = census.PerClass[0];
        int mixups = (int)(Math.Min(positives, negatives) * 0.5);
        int masked = (int)(census.Chunks * 0.25);

        Assert.True(positives > 0 && negatives > 0 && mixups > 0 && noisy.Count > 0 && augmixed.Count > 0, "the corpus must exercise every augmenter");
        var names = batches.SelectMany(b => b.ChunkNames).ToList();
        Assert.Equal(noisy, names.Where(n => n.StartsWith("noise(", StringComparison.Ordinal)).ToHashSet());
        Assert.Equal(augmixed, names.Where(n => n.StartsWith("augmix(", StringComparison.Ordinal)).ToHashSet());
        Assert.Equal(new Dictionary<string, long>
        {
            ["augmix"] = augmixed.Count, ["mixup"] = mixups, ["noise"] = noisy.Count, ["specaugment"] = masked,
        }, report.AugmentedByKind);
        Assert.Equal(report.Chunks + report.AugmentedByKind.Values.Sum(), report.Samples);
        Assert.Equal(report.Samples, batches.Sum(b => b.Size));
        Assert.Equal(mixups, names.Count(n => n.StartsWith("mixup(", StringComparison.Ordinal)));
        Assert.Equal(masked, names.Count(n => n.StartsWith("specaugment(", StringComparison.Ordinal)));

        // Mixed labels are soft, everything else hard; AugMix keeps the label of its chunk.
        var labelOf = batches.SelectMany(b => Enumerable.Range(0, b.Size).Select(i => (b.ChunkNames[i], b.Labels[i]))).ToList();
        Assert.All(labelOf.Where(x => !x.Item1.StartsWith("mixup(", StringComparison.Ordinal)), x => Assert.True(x.Item2 is 0f or 1f));
        Assert.Contains(labelOf, x => x.Item1.StartsWith("mixup(", StringComparison.Ordinal) && x.Item2 is > 0f and < 1f);
        var original = originals.ToDictionary(o => o.Name, o => o.Labels[0]);
        Assert.All(labelOf.Where(x => x.Item1.StartsWith("augmix(", StringComparison.Ordinal)), x => Assert.Equal(original[x.Item1[7..^1]], x.Item2));
    }

    [Fact]
    public async Task The_same_seed_gives_identical_batches_and_another_epoch_draws_new_augmentations()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, Augmented);
        var recordings = corpus.All.Take(6).ToArray();
        async Task<List<Batch>> Run(int epoch)
        {
            using var backend = StageCorpus.Backend(p);
            var flow = new DataFlow(PipelineStages.Create(p, backend).ThrowIfFail(), StageCorpus.Flow(Seed) with { ShuffleWindow = 12 });
            return (await StageCorpus.RunEpoch(flow, recordings, epoch, training: true)).Batches;
        }

        var first = await Run(1);
        var again = await Run(1);
        Assert.Equal(first.Count, again.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].ChunkNames, again[i].ChunkNames);
            Assert.Equal(first[i].Labels, again[i].Labels);
            Assert.Equal(first[i].Inputs, again[i].Inputs);
        }
        static System.Collections.Generic.HashSet<string> AugmentedNames(List<Batch> batches) => batches.SelectMany(b => b.ChunkNames).Where(n => n.Contains('(')).ToHashSet();
        var next = await Run(2);
        Assert.NotEmpty(AugmentedNames(first));
        Assert.NotEqual(AugmentedNames(first), AugmentedNames(next));
    }

    [Fact]
    public async Task Validation_gets_no_augmentation_and_the_originals_features_of_training()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, Augmented);
        using var backend = StageCorpus.Backend(p);
        var flow = new DataFlow(PipelineStages.Create(p, backend).ThrowIfFail(), StageCorpus.Flow(Seed));
        var recordings = corpus.All.Take(5).ToArray();
        var (validation, report) = await StageCorpus.RunEpoch(flow, recordings, 1, training: false);

        Assert.Empty(report.AugmentedByKind);
        Assert.Equal(report.Chunks, report.Samples);
        Assert.All(validation.SelectMany(b => b.ChunkNames), n => Assert.DoesNotContain('(', n));
        Assert.Equal(recordings.Select(r => r.Name), validation.SelectMany(b => b.Recordings).Select(r => r.Name).Distinct()); // input order

        var (training, _) = await StageCorpus.RunEpoch(flow, recordings, 1, training: true);
        var trainingInputs = training.SelectMany(b => Enumerable.Range(0, b.Size).Select(i => (b.ChunkNames[i], b.Inputs.AsSpan(i * b.Mels * b.Frames, b.Mels * b.Frames).ToArray())))
            .ToDictionary(x => x.Item1, x => x.Item2);
        foreach (var b in validation)
            for (int i = 0; i < b.Size; i++)
                Assert.Equal(b.Inputs.AsSpan(i * b.Mels * b.Frames, b.Mels * b.Frames).ToArray(), trainingInputs[b.ChunkNames[i]]);
    }
}
