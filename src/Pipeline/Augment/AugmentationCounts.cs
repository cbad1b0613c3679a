using LanguageExt;

namespace DataflowLung.Pipeline.Augment;

/// <summary>How many samples of each kind an epoch (or a job) produced, keyed by augmentation kind
/// (<c>"original"</c>, <c>"mixup"</c>, <c>"augmix"</c>, <c>"oversampled"</c>, …), sorted for reports.</summary>
public sealed record AugmentationCounts(Map<string, int> ByKind)
{
    public const string Original = "original";
    public const string Oversampled = "oversampled";

    public static AugmentationCounts Empty { get; } = new(Map<string, int>.Empty);

    public AugmentationCounts Add(string kind, int count = 1) =>
        new(ByKind.AddOrUpdate(kind, existing => existing + count, count));

    public AugmentationCounts Plus(AugmentationCounts other) =>
        other.ByKind.Fold(this, (acc, kind, count) => acc.Add(kind, count));

    public int this[string kind] => ByKind.Find(kind).IfNone(0);

    public int Total => ByKind.Values.Sum();

    /// <summary>Samples added by augmentation and oversampling (everything but the originals).</summary>
    public int Added => Total - this[Original];

    public override string ToString() => string.Join(", ", ByKind.Pairs.Select(p => $"{p.Key}: {p.Value}"));
}
