using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Tests.Stages;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Original;

/// <summary><c>augment_plan: whole_set</c>: MixUp / CutMix pairs and AugMix chunks chosen once over the whole training
/// set with the original's exact counts, made in the streaming graph, the same samples every epoch.</summary>
public sealed class WholeSetPlanTests(StageCorpus corpus) : IClassFixture<StageCorpus>
{
    static readonly AugmentParams WholeSet = AugmentParams.Default with
    {
        Plan = AugmentPlan.WholeSet,
        Mixups = Seq1(new MixupParams(LabelOne: 1, LabelTwo: 0, Quantity: 0.5)),
        CutMixes = Seq1(new CutMixParams(LabelOne: 1, LabelTwo: 0, Quantity: 1.0)),
        AugMixes = Seq1(new AugMixParams { Quantity = 0.3, Width = 2 }),
    };

    [Fact]
    public void The_census_identities_are_the_chunks_the_chunker_cuts()
    {
        foreach (var chunking in new[] { StageCorpus.Chunks, StageCorpus.Chunks with { NoPad = true }, StageCorpus.Chunks with { PerCycle = true } })
            foreach (var rec in corpus.All)
            {
                var signal = Pipeline.Audio.AudioLoader.LoadMono(rec.Path, 8000).ThrowIfFail();
                var cut = Chunker.Chunk(rec, signal.Samples, 8000, chunking, TaskRegistry.Pneumonia);
                var described = ClassCensus.Describe(rec, signal.Samples.Length, 8000, chunking, TaskRegistry.Pneumonia).ToArray();
                Assert.Equal(cut.Map(c => (CensusChunk.KeyOf(c), TaskRegistry.Pneumonia.ClassOf(c.Labels), c.Padded)).ToArray(),
                    described.Select(d => (d.Key, d.Class, d.Padded)).ToArray());
            }
    }

    [Fact]
    public void The_plan_has_the_originals_exact_counts_over_the_whole_set()
    {
        var census = ClassCensus.Count(corpus.All, TaskRegistry.Pneumonia, 8000, StageCorpus.Chunks);
        long n0 = census.PerClass[0], n1 = census.PerClass[1];
        var plan = WholeSetPlan.Create(census.Identities, WholeSet, seed: 3);
        Assert.Equal((int)(Math.Min(n0, n1) * 0.5), plan.Pairs.Count(x => x.Kind == Mixup.Kind));
        Assert.Equal((int)(Math.Min(n0, n1) * 1.0), plan.Pairs.Count(x => x.Kind == CutMix.Kind));
        Assert.Equal((int)(census.Chunks * 0.3), plan.AugMixCount);
        var classOf = census.Identities.ToDictionary(c => c.Key, c => c.Class);
        Assert.All(plan.Pairs, x => Assert.Equal((1, 0), (classOf[x.A], classOf[x.B])));
        Assert.All(plan.Pairs, x => Assert.InRange(x.Lambda, 0.3, 0.7));
        // With quantity 1 every positive is used exactly once by CutMix (cyclic repetition, no chunk twice).
        Assert.Equal(n1, plan.Pairs.Where(x => x.Kind == CutMix.Kind).Select(x => x.A).Distinct().Count());
        // Planned once: the same seed gives the same plan.
        Assert.Equal(plan.Pairs, WholeSetPlan.Create(census.Identities, WholeSet, seed: 3).Pairs);
    }

    [Fact]
    public async Task Each_training_epoch_makes_exactly_the_planned_samples_and_the_same_ones_every_epoch()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, WholeSet);
        var census = ClassCensus.Count(corpus.All, TaskRegistry.Pneumonia, p.SampleRate, p.Chunks);
        var plan = WholeSetPlan.Create(census.Identities, WholeSet, p.Seed);
        using var backend = StageCorpus.Backend(p);
        Assert.True(PipelineStages.Create(p, backend).IsFail); // the plan needs the census
        var stages = PipelineStages.Create(p, backend, census).ThrowIfFail();
        // Small windows: the pairs cross windows, so the stream (not a window) must make them.
        var flow = new DataFlow(stages, StageCorpus.Flow() with { ShuffleWindow = 4 });

        var names = new List<System.Collections.Generic.HashSet<string>>();
        foreach (var epoch in new[] { 1, 2 })
        {
            var (batches, report) = await StageCorpus.RunEpoch(flow, corpus.All.ToArray(), epoch, training: true);
            Assert.Empty(report.Faults);
            Assert.Equal(new Dictionary<string, long>
            {
                ["augmix"] = plan.AugMixCount, ["cutmix"] = plan.Pairs.Count(x => x.Kind == CutMix.Kind), ["mixup"] = plan.Pairs.Count(x => x.Kind == Mixup.Kind),
            }, report.AugmentedByKind);
            var mixed = batches.SelectMany(b => Enumerable.Range(0, b.Size).Select(i => (Name: b.ChunkNames[i], Label: b.Labels[i])))
                .Where(x => x.Name.StartsWith("mixup(", StringComparison.Ordinal) || x.Name.StartsWith("cutmix(", StringComparison.Ordinal)).ToArray();
            Assert.All(mixed, x => Assert.InRange(x.Label, 0f, 1f));
            Assert.Contains(mixed, x => x.Label is > 0f and < 1f); // soft labels
            names.Add(batches.SelectMany(b => b.ChunkNames).Where(n => n.Contains('(')).ToHashSet());
        }
        Assert.Equal(names[0], names[1]);
    }

    [Fact]
    public void The_pair_mixer_holds_only_chunks_waiting_for_a_partner_and_lets_everything_else_through()
    {
        var census = ClassCensus.Count(corpus.All, TaskRegistry.Pneumonia, 8000, StageCorpus.Chunks);
        var plan = WholeSetPlan.Create(census.Identities, WholeSet with { CutMixes = Empty, AugMixes = Empty }, seed: 3);
        var mixer = new PairMixer(plan);
        var byKey = census.Identities.ToDictionary(c => c.Key);
        var emitted = new List<Features>();
        int maxHeld = 0;
        foreach (var c in census.Identities)
        {
            var (path, name) = (c.Key[..c.Key.LastIndexOf('|')], c.Key[(c.Key.LastIndexOf('|') + 1)..]);
            var rec = corpus.All.Find(r => r.Path == path).IfNone(() => throw new InvalidOperationException(path));
            emitted.AddRange(mixer.Next(new Features(new float[4], 2, 2, [c.Class], name, rec, c.Padded, false)));
            maxHeld = Math.Max(maxHeld, mixer.Held);
        }
        Assert.Equal(census.Chunks + plan.Pairs.Count, emitted.Count);
        Assert.Equal(0, mixer.Held);
        Assert.True(maxHeld <= plan.Pairs.SelectMany(x => new[] { x.A, x.B }).Distinct().Count());
    }
}
