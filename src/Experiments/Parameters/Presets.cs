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
/// dataset, stratified, seed 12), so the preset does not turn cross-validation on by itself.</summary>
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

    public static JobParameters Original(JobParameters p) => p with
    {
        Preset = OriginalName,
        Features = FeatureParams.Original with { SampleRate = p.Features.SampleRate },
        DatasetOptions = p.DatasetOptions with { JordanFilters = "B", CountCrepAsCrackles = false, PerchOnlyF = true, JordanWorkbookLabels = true },
        Train = p.Train with
        {
            LearningRate = 1e-3, WeightDecay = 0.0, LrDecay = 1e-4, AdamEpsilon = 1e-7, Epochs = 20,
            Monitor = p.Task.OriginalMonitor,
        },
        PatientRule = PatientRule.AnyChunk,
        Chunk = p.Chunk with { LastChunk = LastChunk.Drop },
        Augment = p.Augment with { Plan = AugmentPlan.WholeSet },
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
            Augment = p.Augment with { Plan = d.Augment.Plan },
            Split = p.Split with { Seed = d.Split.Seed, Repeats = d.Split.Repeats, Stratify = d.Split.Stratify, Method = d.Split.Method },
        };
    }
}
