using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Pipeline.Stages;

/// <summary>What the real pipeline stages are built from: the task, the target sample rate every recording is
/// resampled to (the original: 8 kHz), how recordings become chunks, how chunks become features, and the
/// augmentation and balancing of the training split. The run seed is <c>FlowParams.Seed</c>: the flow hands every
/// stage a per-item seed derived from it; <see cref="Seed"/> (the same run seed) is used only for what is planned once
/// per job (<see cref="WholeSetPlan"/>).</summary>
public sealed record StageParams(
    LearningTask Task,
    ChunkParams Chunks,
    FeatureParams Features,
    AugmentParams Augment,
    int SampleRate = 8000,
    long Seed = 12)
{
    /// <summary>Samples per chunk at <see cref="SampleRate"/>: the clip length the feature backend must take.</summary>
    public int ClipSamples => Chunker.WindowSamples(SampleRate, Chunks);

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (SampleRate <= 0) p.Add($"sample rate must be positive (got {SampleRate})");
        p.AddRange(Chunks.Problems().Select(m => "chunks: " + m));
        p.AddRange(Features.Problems().Select(m => "features: " + m));
        p.AddRange(Augment.Problems().Select(m => "augment: " + m));
        if (Features.SampleRate != SampleRate)
            p.Add($"features are computed at {Features.SampleRate} Hz but recordings are resampled to {SampleRate} Hz");
        int classes = Task.ClassCount;
        void Label(string where, int label, bool anyAllowed)
        {
            if (label >= classes || (!anyAllowed && label < 0))
                p.Add($"augment: {where}: label {label} is not a {Task.Name} class (0..{classes - 1}{(anyAllowed ? ", or −1 for any" : "")})");
        }
        foreach (var (m, i) in Augment.Mixups.Select((m, i) => (m, i))) { Label($"mixup[{i}] label_one", m.LabelOne, false); Label($"mixup[{i}] label_two", m.LabelTwo, false); }
        foreach (var (c, i) in Augment.CutMixes.Select((c, i) => (c, i))) { Label($"cutmix[{i}] label_one", c.LabelOne, false); Label($"cutmix[{i}] label_two", c.LabelTwo, false); }
        foreach (var (a, i) in Augment.AugMixes.Select((a, i) => (a, i))) Label($"augmix[{i}]", a.Label, true);
        foreach (var (a, i) in Augment.AudioAugments.Select((a, i) => (a, i))) Label($"audio_augment[{i}]", a.Label, true);
        if (Augment.SpecAugment is { } s) Label("specaugment", s.Label, true);
        return p;
    }
}
