using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Augment;

/// <summary>One AugMix entry as the original configured it: for int(n × <see cref="Quantity"/>) training
/// chunks of class <see cref="Label"/> (−1 = any), add a sample mixing the chunk's features with those of
/// <see cref="Width"/> chains, each applying <see cref="AugFunctions"/> in order; chain weights
/// ~ Dirichlet(<see cref="DirichletAlpha"/>), blend m ~ U(<see cref="MinVal"/>, <see cref="MaxVal"/>).</summary>
public sealed record AugMixParams
{
    public double Quantity { get; init; } = 0.2;
    public double MinVal { get; init; } = 0.0;
    public double MaxVal { get; init; } = 1.0;
    public int Label { get; init; } = -1;
    public Seq<AudioOpKind> AugFunctions { get; init; } = Seq(AudioOpKind.ShiftPitch, AudioOpKind.StretchTime);
    public int Width { get; init; } = 3;
    public double DirichletAlpha { get; init; } = 1.0;
    public AudioOpsParams Ops { get; init; } = new();

    /// <summary>Whole-set plan only: int(n_d × quantity) chunks of EACH dataset instead of int(n × quantity) over the
    /// pooled training set, as the original ran AugMix per dataset (its preset's value; default off). The per-dataset
    /// floors can give a few fewer samples than the pooled count.</summary>
    public bool PerDataset { get; init; }

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!(Quantity >= 0) || !double.IsFinite(Quantity)) p.Add($"quantity must be ≥ 0 (got {Quantity})");
        if (!(MinVal >= 0 && MaxVal <= 1 && MinVal <= MaxVal)) p.Add($"minval/maxval must satisfy 0 ≤ minval ≤ maxval ≤ 1 (got {MinVal}..{MaxVal})");
        if (Label < -1) p.Add($"label must be −1 (any) or a class index (got {Label})");
        if (AugFunctions.IsEmpty) p.Add("aug_functions must name at least one function");
        if (Width < 1) p.Add($"width must be ≥ 1 (got {Width})");
        if (!(DirichletAlpha > 0)) p.Add($"Dirichlet alpha must be positive (got {DirichletAlpha})");
        p.AddRange(Ops.Problems());
        return p;
    }
}
