namespace DataflowLung.Pipeline.Augment;

/// <summary>Random time shift of up to <see cref="MaxFraction"/> of the chunk either way; circular (roll)
/// or with zeros filling the vacated part.</summary>
public sealed record TimeShiftParams(double MaxFraction = 0.25, bool Circular = true)
{
    public IReadOnlyList<string> Problems() =>
        MaxFraction is >= 0 and <= 1 ? [] : [$"time shift fraction must be in [0, 1] (got {MaxFraction})"];

    public int MaxShiftSamples(int length) => (int)(MaxFraction * length);
}
