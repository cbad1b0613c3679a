namespace DataflowLung.Pipeline.Flow;

/// <summary>A recording the run skipped, and why (corrupt WAV, empty file, missing annotation…).</summary>
public sealed record FlowFault(string File, string Reason)
{
    public override string ToString() => $"{File}: {Reason}";
}
