using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Named starting points for every value where the original system and ours differ (docs/runner.md lists
/// each with both values and why ours differs). A preset is applied before any other key, wherever it is given,
/// so a config or <c>--set</c> value still overrides it. <c>default</c> is ours; <c>original</c> is the original's:
/// librosa features, Jordan bell files only and <c>Crep</c> not counted as crackles, Keras
/// <c>Adam(lr=1e-3, decay=1e-4, epsilon=1e-7)</c> (per-step LR decay, no L2 penalty), 20 epochs, the original's
/// monitored metric, a patient positive when any chunk is, and mixer pairs / AugMix chunks planned once over the
/// whole training set, and for cross-validation (<c>--cv K</c>) the original's scheme: RepeatedKFold with 2 repeats,
/// unstratified, split seed 12 (<c>--cv 5</c> then gives its 5 × 2). A single split is the original's too (80/20 per
/// dataset, stratified, seed 12), so the preset does not turn cross-validation on by itself. Both through numpy's
/// RandomState and scikit-learn, exactly (<c>split_method sklearn</c>). Also: hop 254, the template's MixUp and AugMix
/// with PitchAug-style pitch shifts, a last piece of exactly half a window dropped, PERCH's F clips only and Jordan's
/// workbook labels (docs/original.md lists every value, exact or why not).</summary>
public static class Presets
{
    public const string DefaultName = "default";
    public const string OriginalName = "original";

    public static Seq<string> Names { get; } = Seq(DefaultName, OriginalName);

    public static Fin<JobParameters> Apply(JobParameters p, string name) => name.Trim().ToLowerInvariant() switch
    {
        DefaultName => FinSucc(Ours(p)),
        OriginalName => FinSucc(Original(p)),
        _ => FinFail<JobParameters>(Error.New($"expected one of {string.Join(", ", Names)}, got \"{name}\"")),
    };

    /// <summary>The README template's STFT hop: 10 s at 8 kHz with n_fft 1024, center off → 311 frames.</summary>
    public const int OriginalHop = 254;

    /// <summary>nlpaug <c>PitchAug</c>'s defaults: a whole number of semitones in −10 … 10.</summary>
    public static PitchShiftParams OriginalPitch { get; } = new(MinSemitones: -10, MaxSemitones: 10, WholeSemitones: true);

    /// <summary>The template's MixUp: pneumonia with non-pneumonia chunks, int(min(n1, n2) × 0.2) pairs, λ in 0.3–0.7,
    /// no padded (<c>_99</c>) chunks.</summary>
    public static MixupParams OriginalMixup { get; } = new(LabelOne: 1, LabelTwo: 0, Quantity: 0.2, MinVal: 0.3, MaxVal: 0.7, NoPad: true);

    /// <summary>The template's AugMix: int(n × 0.2) chunks of any label, chains [shift_pitch, stretch_time], pitch as PitchAug.</summary>
    public static AugMixParams OriginalAugMix { get; } = new()
    {
        Quantity = 0.2, Label = -1, AugFunctions = Seq(AudioOpKind.ShiftPitch, AudioOpKind.StretchTime), PerDataset = true,
        Ops = new AudioOpsParams { ShiftPitch = OriginalPitch },
    };

    public static JobParameters Original(JobParameters p) => p with
    {
        Preset = OriginalName,
        // hop 254: the template's value, the one the original could run with (its spec_parser wants 128 × 311 frames).
        Features = FeatureParams.Original with { SampleRate = p.Features.SampleRate, HopLength = OriginalHop },
        DatasetOptions = p.DatasetOptions with { JordanFilters = "B", CountCrepAsCrackles = false, PerchOnlyF = true, JordanWorkbookLabels = true },
        Train = p.Train with
        {
            LearningRate = 1e-3, WeightDecay = 0.0, LrDecay = 1e-4, AdamEpsilon = 1e-7, Epochs = 20,
            Monitor = p.Task.OriginalMonitor,
        },
        PatientRule = PatientRule.AnyChunk,
        Chunk = p.Chunk with { LastChunk = LastChunk.Drop },
        GradCamLayer = DataflowLung.Model.Explain.CamLayer.Original,
        Augment = p.Augment with
        {
            Plan = AugmentPlan.WholeSet, Mixups = Seq1(OriginalMixup), AugMixes = Seq1(OriginalAugMix),
            AudioOps = p.Augment.AudioOps with { ShiftPitch = OriginalPitch }, ClassWeightsAfterAugmentation = true,
        },
        Split = p.Split with { Seed = 12, Repeats = 2, Stratify = FoldStratification.None, Method = SplitMethod.Sklearn },
    };

    /// <summary>Every value <see cref="Original"/> sets, back at our default.</summary>
    public static JobParameters Ours(JobParameters p)
    {
        var d = JobParameters.Defaults(p.Task);
        return p with
        {
            Preset = DefaultName,
            Features = d.Features with { SampleRate = p.Features.SampleRate },
            DatasetOptions = p.DatasetOptions with
            {
                JordanFilters = d.DatasetOptions.JordanFilters, CountCrepAsCrackles = d.DatasetOptions.CountCrepAsCrackles,
                PerchOnlyF = d.DatasetOptions.PerchOnlyF, JordanWorkbookLabels = d.DatasetOptions.JordanWorkbookLabels,
            },
            Train = p.Train with
            {
                LearningRate = d.Train.LearningRate, WeightDecay = d.Train.WeightDecay, LrDecay = d.Train.LrDecay,
                AdamEpsilon = d.Train.AdamEpsilon, Epochs = d.Train.Epochs, Monitor = d.Train.Monitor,
            },
            PatientRule = d.PatientRule,
            Chunk = p.Chunk with { LastChunk = d.Chunk.LastChunk },
            GradCamLayer = d.GradCamLayer,
            Augment = p.Augment with { Plan = d.Augment.Plan, Mixups = d.Augment.Mixups, AugMixes = d.Augment.AugMixes, AudioOps = d.Augment.AudioOps,
                ClassWeightsAfterAugmentation = d.Augment.ClassWeightsAfterAugmentation },
            Split = p.Split with { Seed = d.Split.Seed, Repeats = d.Split.Repeats, Stratify = d.Split.Stratify, Method = d.Split.Method },
        };
    }
}
