namespace DataflowLung.Experiments.Jobs;

/// <summary>The kinds a run's warnings are counted under in report.json. The readers and dataset adapters word
/// their warnings as plain text (each naming its file), so the kind is told from that text; tests generate each
/// warning for real and check its kind, so a change of wording cannot silently move it to <see cref="Other"/>.</summary>
public static class WarningKind
{
    public const string TruncatedData = "truncated_data";
    public const string WavHeader = "wav_header";
    public const string NonFiniteSamples = "non_finite_samples";
    public const string UnknownDiagnosis = "unknown_diagnosis";
    public const string UnknownSoundType = "unknown_sound_type";
    public const string MissingDiagnosis = "missing_diagnosis";
    public const string CyclesOutsideRecording = "cycles_outside_recording";
    public const string FilesSkipped = "files_skipped";
    public const string SlowBackend = "slow_backend";
    public const string MonitorFallback = "monitor_fallback";
    public const string Other = "other";

    public static string Of(string message) => message switch
    {
        _ when message.Contains("non-finite sample", StringComparison.Ordinal) => NonFiniteSamples,
        _ when message.Contains("(truncated recording)", StringComparison.Ordinal)
               || message.Contains("trailing partial frame", StringComparison.Ordinal) => TruncatedData,
        _ when message.Contains("data chunk size is unset", StringComparison.Ordinal) => WavHeader,
        _ when message.Contains("unknown diagnosis", StringComparison.Ordinal) => UnknownDiagnosis,
        _ when message.Contains("unknown sound-type code", StringComparison.Ordinal) => UnknownSoundType,
        _ when message.Contains("run past the end of the recording", StringComparison.Ordinal) => CyclesOutsideRecording,
        _ when message.Contains("diagnosis", StringComparison.Ordinal) || message.Contains("label", StringComparison.Ordinal) => MissingDiagnosis,
        _ => Other,
    };
}
