using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>Builds the real <see cref="FlowStages"/> of a job:
/// <list type="bullet">
/// <item>Decode: as <see cref="AudioLoader.LoadMono"/> at <see cref="StageParams.SampleRate"/> (channels averaged,
/// default resampler quality), the reader's warnings passed to the caller's sink.</item>
/// <item>ChunkAndLabel: <see cref="Chunker.Chunk"/>, after the task's <see cref="Tasks.LearningTask.LabelProblem"/> has turned a recording
/// without usable labels for the task into a fault naming the file and the reason.</item>
/// <item>Features: the kernel backend through <see cref="BackendFeatureExtractor"/>.</item>
/// <item>Augmentation (the flow applies it to training epochs only): <see cref="AudioAugmentation"/> (audio ops and
/// oversampling), <see cref="AugMixAugmentation"/> (feature stage), <see cref="WindowAugmentation"/> (MixUp, CutMix,
/// SpecAugment per shuffle window); under <c>augment_plan: whole_set</c> a <see cref="WholeSetPlan"/> made once from
/// the class census instead chooses the mixer pairs (made in stream order by <see cref="PairMixer"/>) and the AugMix
/// chunks. A seam is left null when nothing would use it.</item>
/// <item>Identities: every parameter that changes decoded signals or un-augmented features, serialised invariantly
/// (JSON of the whole parameter records, so a parameter added later changes the identity too).</item>
/// </list></summary>
public static class PipelineStages
{
    /// <summary>Bumped when the WAV reader or resampler change what they return for the same file and parameters.</summary>
    public const string DecoderVersion = "wav-reader/1+resampler/1";

    /// <param name="p">The job's stage parameters (validated here).</param>
    /// <param name="backend">Feature kernels built for <c>p.Features</c> and <see cref="StageParams.ClipSamples"/>,
    /// e.g. <c>FeatureBackends.Create(kind, p.Features, p.ClipSamples)</c>; the caller owns (disposes) it.</param>
    /// <param name="trainingCensus">The training split's <see cref="ClassCensus"/>; required when
    /// <c>p.Augment.Oversample</c> is on (the oversampler needs the class sizes up front), ignored otherwise.</param>
    /// <param name="onDecodeWarning">Receives what the reader tolerated in a recording (truncated data, NaN/Inf samples
    /// replaced), each message naming the file; called from the graph's decode workers, so it must be thread-safe.</param>
    public static Fin<FlowStages> Create(StageParams p, IFeatureBackend backend, Option<ClassCensus> trainingCensus = default,
        Action<string>? onDecodeWarning = null)
    {
        var problems = p.Problems().ToList();
        if (backend.Params != p.Features)
            problems.Add($"the {backend.Name} feature backend was built for other feature parameters than the job's");
        if (backend.ClipSamples != p.ClipSamples)
            problems.Add($"the {backend.Name} feature backend takes clips of {backend.ClipSamples} samples, chunks have {p.ClipSamples}");
        if (p.Augment.Oversample)
            trainingCensus.Match(
                Some: c => { if (c.Task != p.Task) problems.Add($"oversampling: the class census is for {c.Task.Name}, the job is {p.Task.Name}"); },
                None: () => problems.Add("oversampling is on but no class census of the training chunks was given (ClassCensus.Count over the training recordings)"));
        bool wholeSet = p.Augment.Plan == AugmentPlan.WholeSet && (!p.Augment.Mixups.IsEmpty || !p.Augment.CutMixes.IsEmpty || !p.Augment.AugMixes.IsEmpty);
        if (wholeSet)
            trainingCensus.Match(
                Some: c => { if (c.Task != p.Task) problems.Add($"augment_plan whole_set: the class census is for {c.Task.Name}, the job is {p.Task.Name}"); },
                None: () => problems.Add("augment_plan is whole_set but no class census of the training chunks was given (ClassCensus.Count over the training recordings)"));
        if (problems.Count > 0) return FinFail<FlowStages>(Error.New("pipeline stages: " + string.Join("; ", problems)));

        var extractor = new BackendFeatureExtractor(backend);
        var augment = p.Augment;
        var task = p.Task;
        var rates = augment.Oversample ? ClassBalance.OversampleRates((ClassCensus)trainingCensus) : null;
        bool audio = !augment.AudioAugments.IsEmpty || (rates is not null && rates.Any(r => r > 0));
        // Whole-set plan: mixer pairs made in stream order (PairMixer), AugMix by the plan; the window keeps SpecAugment only.
        var plan = wholeSet ? WholeSetPlan.Create(((ClassCensus)trainingCensus).Identities, augment, p.Seed) : null;
        var windowAugment = plan is null ? augment : augment with { Mixups = Empty, CutMixes = Empty };
        bool window = !windowAugment.Mixups.IsEmpty || !windowAugment.CutMixes.IsEmpty || windowAugment.SpecAugment is not null;
        Func<Chunk, Features, long, Seq<Features>>? featureAugment = augment.AugMixes.IsEmpty ? null
            : plan is null ? (c, f, seed) => AugMixAugmentation.Apply(c, f, seed, task, augment, extractor)
            : (c, f, _) => AugMixAugmentation.Make(c, f, plan.AugMixFor(CensusChunk.KeyOf(c)), augment, extractor);

        return FinSucc(new FlowStages(
            Decode: r => Decode(r, p.SampleRate, onDecodeWarning),
            DecodeIdentity: DecodeIdentity(p.SampleRate),
            ChunkAndLabel: (r, s) => ChunkAndLabel(p, r, s),
            Features: extractor,
            FeatureIdentity: FeatureIdentity(p, backend.Name),
            AudioAugment: audio ? (c, seed) => AudioAugmentation.Apply(c, seed, task, augment, rates) : null,
            SpectrogramAugment: window ? (w, seed) => WindowAugmentation.Apply(w, seed, task, windowAugment) : null,
            FeatureAugment: featureAugment,
            StreamAugment: plan is { Pairs.Count: > 0 } ? () => new PairMixer(plan).Next : null,
            Streaming: StreamedChunks.For(p, onDecodeWarning)));
    }

    /// <summary>What <see cref="AudioLoader.LoadMono"/> returns (exactly), with the reader's warnings passed on instead
    /// of dropped; decoded and resampled block by block, so the source-rate signal is never held whole.</summary>
    public static Fin<Signal> Decode(RecordingRef recording, int sampleRate, Action<string>? onWarning) =>
        WavReader.DecodeResampled(recording.Path, sampleRate).Map(decoded =>
        {
            foreach (var warning in decoded.Warnings) onWarning?.Invoke(warning);
            return decoded.Signal;
        });

    public static Fin<Seq<Chunk>> ChunkAndLabel(StageParams p, RecordingRef recording, Signal signal)
    {
        if (p.Task.LabelProblem(recording).Case is string problem) return FinFail<Seq<Chunk>>(Error.New(problem));
        if (signal.SampleRate != p.SampleRate)
            return FinFail<Seq<Chunk>>(Error.New($"decoded at {signal.SampleRate} Hz, the chunker expects {p.SampleRate} Hz"));
        var chunks = Chunker.Chunk(recording, signal.Samples, signal.SampleRate, p.Chunks, p.Task);
        // A recording whose every annotated cycle lies past its end is a fault, listed, not a silent absence.
        if (chunks.IsEmpty && Chunker.NoSegmentInside(recording, signal.Samples.Length, signal.SampleRate, p.Chunks, p.Task) is { } outside)
            return FinFail<Seq<Chunk>>(Error.New(outside));
        return FinSucc(chunks);
    }

    public static string DecodeIdentity(int sampleRate) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{DecoderVersion}|channels=mean|rate={sampleRate}|resampler={JsonSerializer.Serialize(ResamplerQuality.Default)}");

    public static string FeatureIdentity(StageParams p, string backendName) =>
        $"chunks={JsonSerializer.Serialize(p.Chunks)}|features={JsonSerializer.Serialize(p.Features)}|backend={backendName}";
}
