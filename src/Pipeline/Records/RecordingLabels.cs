namespace DataflowLung.Pipeline;

/// <summary>Recording-level labels. Pneumonia: 1 positive, 0 negative, -1 unknown/unusable (excluded
/// from pneumonia jobs, as the original did with BD's unusable rows). Crackles/wheezes at recording
/// level are set where a dataset only labels whole recordings (Jordan); cycle-annotated datasets carry
/// per-cycle labels in <see cref="RecordingRef.Cycles"/> instead.</summary>
public sealed record RecordingLabels(int Pneumonia, bool? Crackles = null, bool? Wheezes = null, string Diagnosis = "")
{
    public bool HasPneumoniaLabel => Pneumonia is 0 or 1;
}
