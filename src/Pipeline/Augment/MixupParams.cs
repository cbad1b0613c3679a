namespace DataflowLung.Pipeline.Augment;

/// <summary>One MixUp entry as the original configured it: pairs of a <see cref="LabelOne"/> sample and a
/// <see cref="LabelTwo"/> sample, int(min(n1, n2) × <see cref="Quantity"/>) of them, λ ~ U(minval, maxval);
/// <see cref="NoPad"/> leaves out padded (<c>_99</c>) chunks. Labels are class indices (pneumonia 0/1,
/// cw 4-class). The original set every value per job; these defaults are ours.</summary>
public sealed record MixupParams(
    int LabelOne = 1,
    int LabelTwo = 0,
    double Quantity = 0.5,
    double MinVal = 0.3,
    double MaxVal = 0.7,
    bool NoPad = false)
{
    public IReadOnlyList<string> Problems() => PairProblems.Of(LabelOne, LabelTwo, Quantity, MinVal, MaxVal);
}
