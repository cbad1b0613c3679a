using LanguageExt;

namespace DataflowLung.Pipeline.Augment;

/// <summary>Everything about augmentation and oversampling for one job, composed of the per-augmenter records
/// in lists like the original's configuration (several MixUp entries, several AugMix entries, …). Defaults:
/// no augmentation, no oversampling. (Class weights of the loss are a training parameter: TrainParams.ClassWeights.)
/// Augmented samples are added to the training set only, generated on the fly each epoch.</summary>
public sealed record AugmentParams
{
    public static AugmentParams Default { get; } = new();

    public Seq<MixupParams> Mixups { get; init; }
    public Seq<CutMixParams> CutMixes { get; init; }
    public Seq<AugMixParams> AugMixes { get; init; }
    public Seq<AudioAugmentParams> AudioAugments { get; init; }
    public SpecAugmentParams? SpecAugment { get; init; }

    /// <summary>Ranges of the audio ops used by <see cref="AudioAugments"/> (AugMix entries carry their own).</summary>
    public AudioOpsParams AudioOps { get; init; } = new();

    /// <summary>How mixer pairs and AugMix chunks are chosen (<see cref="AugmentPlan"/>).</summary>
    public AugmentPlan Plan { get; init; } = AugmentPlan.Streaming;
    public bool Oversample { get; init; }

    /// <summary>Class weights counted over the training set AFTER augmentation, as the original (its Keras fit saw the
    /// augmented arrays): each planned AugMix sample in its chunk's class, each MixUp / CutMix sample in class 0 (Keras
    /// cast the soft labels to int). Needs the whole-set plan; default off (weights over the original chunks).</summary>
    public bool ClassWeightsAfterAugmentation { get; init; }

    public bool AugmentsAnything =>
        !Mixups.IsEmpty || !CutMixes.IsEmpty || !AugMixes.IsEmpty || !AudioAugments.IsEmpty || SpecAugment is not null;

    /// <summary>All problems, each prefixed with where it is (<c>mixup[0]: …</c>); empty when consistent.</summary>
    public IReadOnlyList<string> Problems()
    {
        static IEnumerable<string> Each<T>(string name, Seq<T> items, Func<T, IReadOnlyList<string>> problems) =>
            items.Map((i, item) => problems(item).Select(m => $"{name}[{i}]: {m}")).Bind(x => x);

        return
        [
            .. Each("mixup", Mixups, m => m.Problems()),
            .. Each("cutmix", CutMixes, c => c.Problems()),
            .. Each("augmix", AugMixes, a => a.Problems()),
            .. AugMixes.Exists(a => a.PerDataset) && Plan != AugmentPlan.WholeSet ? ["augmix per_dataset needs augment_plan whole_set"] : Array.Empty<string>(),
            .. ClassWeightsAfterAugmentation && Plan != AugmentPlan.WholeSet ? ["class_weights_after_augmentation needs augment_plan whole_set (the counts come from the plan)"] : Array.Empty<string>(),
            .. Each("audio_augment", AudioAugments, a => a.Problems()),
            .. SpecAugment?.Problems().Select(m => "specaugment: " + m) ?? [],
            .. AudioOps.Problems().Select(m => "audio_ops: " + m),
        ];
    }
}
