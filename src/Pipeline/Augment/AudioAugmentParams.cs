namespace DataflowLung.Pipeline.Augment;

/// <summary>A standalone audio augmenter: int(n × <see cref="Quantity"/>) training chunks of class
/// <see cref="Label"/> (−1 = any) get a copy passed through <see cref="Op"/> (ranges from
/// <see cref="AugmentParams.AudioOps"/>).</summary>
public sealed record AudioAugmentParams(AudioOpKind Op, double Quantity = 0.2, int Label = -1)
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!Enum.IsDefined(Op)) p.Add($"unknown audio op {(int)Op}");
        if (!(Quantity >= 0) || !double.IsFinite(Quantity)) p.Add($"quantity must be ≥ 0 (got {Quantity})");
        if (Label < -1) p.Add($"label must be −1 (any) or a class index (got {Label})");
        return p;
    }
}
