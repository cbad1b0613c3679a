using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Stages;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Stages;

public sealed class StageUnitTests
{
    [Property(MaxTest = 200)]
    public bool Streaming_draw_gives_the_floor_or_the_ceiling_of_the_quantity(NonNegativeInt tenths, long seed)
    {
        double q = tenths.Get % 50 / 10.0;
        int n = StreamingDraw.Copies(q, SeededRandom.For(seed));
        return n == (int)Math.Floor(q) || n == (int)Math.Ceiling(q);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(1.7)]
    public void Streaming_draw_averages_the_quantity(double q)
    {
        const int n = 20_000;
        long total = 0;
        for (int i = 0; i < n; i++) total += StreamingDraw.Copies(q, SeededRandom.For(i));
        double frac = q - Math.Floor(q), sd = Math.Sqrt(frac * (1 - frac) / n);
        Assert.InRange(total / (double)n, q - 5 * sd, q + 5 * sd);
    }

    /// <summary>The labels-only pass gives exactly the labels the chunker gives, in windows and per-cycle mode.</summary>
    [Property(MaxTest = 150)]
    public bool Labels_only_equal_the_labels_of_the_chunks_cut(NonNegativeInt length, int window, bool perCycle, bool noPad, bool cw, int cycleSeed)
    {
        const int rate = 200;
        int samples = length.Get % 6000;
        var p = new ChunkParams(AudioLengthSeconds: 1 + Math.Abs(window % 40) / 10.0, StepSeconds: 0.5 + Math.Abs(window % 7) / 10.0,
            OverlapThreshold: 0.2, MinCycleSeconds: 0.5, PerCycle: perCycle, NoPad: noPad);
        var random = new Random(cycleSeed);
        var cycles = toSeq(Enumerable.Range(0, random.Next(5)).Select(_ =>
        {
            double start = random.NextDouble() * 30, duration = random.NextDouble() * 6;
            return new CycleAnnotation(start, start + duration, random.Next(2) == 0, random.Next(2) == 0);
        }).ToArray());
        var recording = new RecordingRef("test", "/nowhere/r.wav", "r", "1", new RecordingLabels(1), Some(cycles));
        LearningTask task = cw ? TaskRegistry.CracklesWheezes : TaskRegistry.Pneumonia;
        var chunked = Chunker.Chunk(recording, new float[samples], rate, p, task).Map(c => c.Labels);
        var labelsOnly = Chunker.LabelsOnly(recording, samples, rate, p, task);
        return chunked.Count == labelsOnly.Count && chunked.Zip(labelsOnly).ForAll(x => x.Item1.SequenceEqual(x.Item2));
    }

    static StageParams Job() => StageCorpus.Params(TaskRegistry.Pneumonia, AugmentParams.Default);

    [Fact]
    public void The_feature_identity_changes_with_every_chunk_and_feature_parameter_and_not_with_the_culture()
    {
        var p = Job();
        string identity = PipelineStages.FeatureIdentity(p, "cpu");
        var variants = new[]
        {
            p with { Chunks = p.Chunks with { StepSeconds = 1.5 } },
            p with { Chunks = p.Chunks with { AudioLengthSeconds = 2.5 } },
            p with { Chunks = p.Chunks with { PerCycle = true } },
            p with { Chunks = p.Chunks with { NoPad = true } },
            p with { Features = p.Features with { HopLength = 64 } },
            p with { Features = p.Features with { NMels = 40 } },
            p with { Features = p.Features with { FMin = 50.5 } },
            p with { Features = p.Features with { Log = LogMode.Decibel } },
            p with { Features = p.Features with { Center = false } },
        };
        Assert.All(variants, v => Assert.NotEqual(identity, PipelineStages.FeatureIdentity(v, "cpu")));
        Assert.NotEqual(identity, PipelineStages.FeatureIdentity(p, "ilgpu"));
        Assert.NotEqual(PipelineStages.DecodeIdentity(8000), PipelineStages.DecodeIdentity(16000));

        var culture = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("1,5", 1.5.ToString()); // the culture really writes decimals differently
            Assert.Equal(identity, PipelineStages.FeatureIdentity(p, "cpu"));
            Assert.Contains("\"StepSeconds\":1.5", PipelineStages.FeatureIdentity(variants[0], "cpu"));
            Assert.Contains("\"StepSeconds\":1", identity);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Inconsistent_parameters_are_one_clear_error()
    {
        var p = Job();
        using var backend = StageCorpus.Backend(p);
        var wrongClip = p with { Chunks = p.Chunks with { AudioLengthSeconds = 3 } };
        Assert.Contains("clips of 16000 samples, chunks have 24000", ((LanguageExt.Common.Error)PipelineStages.Create(wrongClip, backend)).Message);

        var wrongRate = p with { SampleRate = 4000 };
        Assert.Contains("computed at 8000 Hz but recordings are resampled to 4000 Hz", ((LanguageExt.Common.Error)PipelineStages.Create(wrongRate, backend)).Message);

        var badLabel = p with { Augment = AugmentParams.Default with { Mixups = Seq1(new MixupParams(LabelOne: 3, LabelTwo: 0)) } };
        Assert.Contains("mixup[0] label_one: label 3 is not a pneumonia class", ((LanguageExt.Common.Error)PipelineStages.Create(badLabel, backend)).Message);
        Assert.Empty((p with { Task = TaskRegistry.CracklesWheezes, Augment = badLabel.Augment }).Problems());

        var otherTask = new ClassCensus(TaskRegistry.CracklesWheezes, [1, 1, 1, 1], 1, Empty);
        var oversample = p with { Augment = AugmentParams.Default with { Oversample = true } };
        Assert.Contains("census is for cw", ((LanguageExt.Common.Error)PipelineStages.Create(oversample, backend, otherTask)).Message);
    }

    [Fact]
    public void Seams_are_left_empty_when_nothing_would_use_them()
    {
        var p = Job();
        using var backend = StageCorpus.Backend(p);
        var plain = PipelineStages.Create(p, backend).ThrowIfFail();
        Assert.Null(plain.AudioAugment);
        Assert.Null(plain.SpectrogramAugment);
        Assert.Null(plain.FeatureAugment);
        var all = PipelineStages.Create(p with
        {
            Augment = AugmentParams.Default with
            {
                CutMixes = Seq1(new CutMixParams()),
                AugMixes = Seq1(new AugMixParams()),
                AudioAugments = Seq1(new AudioAugmentParams(AudioOpKind.Gain)),
            },
        }, backend).ThrowIfFail();
        Assert.NotNull(all.AudioAugment);
        Assert.NotNull(all.SpectrogramAugment);
        Assert.NotNull(all.FeatureAugment);
    }
}
