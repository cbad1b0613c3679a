using LanguageExt;

namespace DataflowLung.Pipeline.Augment;

/// <summary>A band [<see cref="Start"/>, <see cref="Start"/> + <see cref="Width"/>) along one axis.</summary>
public readonly record struct MaskBand(int Start, int Width)
{
    public bool Contains(int i) => i >= Start && i < Start + Width;
}

/// <summary>One drawn SpecAugment: the time warp (frame <see cref="WarpCentre"/> moves by
/// <see cref="WarpShift"/>; shift 0 = none) and the bands to mask, so tests and reports can see exactly
/// what was done.</summary>
public sealed record SpecMasks(Seq<MaskBand> Time, Seq<MaskBand> Frequency, int WarpCentre = 0, int WarpShift = 0)
{
    public bool Masks(int mel, int frame) => Frequency.Exists(b => b.Contains(mel)) || Time.Exists(b => b.Contains(frame));
}
