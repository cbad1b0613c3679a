namespace DataflowLung.Pipeline;

/// <summary>One annotated respiratory cycle, in seconds from the start of the recording.</summary>
public sealed record CycleAnnotation(double Start, double End, bool Crackles, bool Wheezes)
{
    public double Duration => End - Start;
}
