namespace DataflowLung.Pipeline.Metrics;

/// <summary>How chunk predictions become a patient's score: <see cref="Mean"/> (ours: the mean of the patient's
/// recordings' scores, each the mean of its chunks) or <see cref="AnyChunk"/> (the original's: the patient is
/// predicted positive when any of its chunks is, so the score is the highest chunk probability). The patient's
/// truth is positive when any of its recordings is, under both.</summary>
public enum PatientRule
{
    Mean,
    AnyChunk,
}
