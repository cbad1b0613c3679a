namespace DataflowLung.Pipeline.Augment;

/// <summary>One CutMix entry: pairs chosen as for MixUp; λ ~ U(minval, maxval) sets the box size.</summary>
public sealed record CutMixParams(
    int LabelOne = 1,
    int LabelTwo = 0,
    double Quantity = 0.5,
    double MinVal = 0.3,
    double MaxVal = 0.7,
    bool NoPad = false)
{
    public IReadOnlyList<string> Problems() => PairProblems.Of(LabelOne, LabelTwo, Quantity, MinVal, MaxVal);
}
