namespace DataflowLung.Experiments.Splits;

/// <summary>One recording as a job folder records it: who it belongs to, where it was (relative to the data root),
/// and what it held: the SHA-256 of the file's bytes and its labels (<see cref="RecordingFingerprints.Labels"/>).
/// A recording is the same recording when dataset and name match and so do the content hash and labels.</summary>
public sealed record RecordedRecording(string Dataset, string Name, string Patient, string File, long Bytes, string Sha256, string Labels)
{
    public string PatientKey => $"{Dataset}:{Patient}";

    /// <summary>The line a fingerprint hashes: everything that identifies the recording and what it held.</summary>
    public string Identity => $"{Dataset}|{Name}|{Patient}|{Sha256}|{Labels}";
}

/// <summary>A patient on one side of a split, with its label for the task and how many recordings it has there.</summary>
public sealed record RecordedPatient(string Key, bool Positive, int Recordings);
