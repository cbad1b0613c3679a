using DataflowLung.Pipeline.Tasks;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Experiments.Splits;

/// <summary>What a job folder records about each recording of its split: the SHA-256 of the file (the content,
/// not its path or time, so the same files under another data root or copied to a cluster node match) and a
/// canonical text of its labels (annotation cycles included, so an edited annotation is a change). One
/// instance memoises the hashes, so a cross-validation run hashes each file once.</summary>
public sealed class RecordingFingerprints
{
    private readonly ConcurrentDictionary<string, (long Bytes, string Sha256)> hashes = new(StringComparer.Ordinal);

    public RecordedRecording Of(RecordingRef r, string dataRoot)
    {
        var (bytes, sha) = hashes.GetOrAdd(Path.GetFullPath(r.Path), Hash);
        return new RecordedRecording(r.Dataset, r.Name, r.Patient, Path.GetRelativePath(Path.GetFullPath(dataRoot), Path.GetFullPath(r.Path)),
            bytes, sha, Labels(r));
    }

    /// <summary>pneumonia, crackles, wheezes flags, diagnosis and the annotated cycles (count and digest); annotated
    /// events (count and digest) and the record label where the recording carries them.</summary>
    public static string Labels(RecordingRef r)
    {
        static string Flag(bool? b) => b is { } v ? (v ? "1" : "0") : "-";
        var cycles = r.Cycles.Match(
            cs => $"{cs.Count}:{Digest(string.Join(";", cs.Map(c => string.Create(CultureInfo.InvariantCulture, $"{c.Start:R},{c.End:R},{(c.Crackles ? 1 : 0)},{(c.Wheezes ? 1 : 0)}"))))[..16]}",
            () => "none");
        // Events and the record label only when present, so the text of datasets without them is unchanged (and their
        // recorded job folders still match).
        var events = r.Events.Match(
            es => $";events={es.Count}:{Digest(string.Join(";", es.Map(e => $"{e.Start.Ticks},{e.End.Ticks},{e.Type}")))[..16]}",
            () => "");
        var record = r.RecordAnnotation.Match(a => $";record={a}", () => "");
        return $"pneumonia={r.Labels.Pneumonia};crackles={Flag(r.Labels.Crackles)};wheezes={Flag(r.Labels.Wheezes)};diagnosis={r.Labels.Diagnosis};cycles={cycles}{events}{record}";
    }

    /// <summary>SHA-256 (hex) of the sorted identity lines, each prefixed by its side.</summary>
    public static string Fingerprint(IEnumerable<(string Side, RecordedRecording Recording)> entries) =>
        Digest(string.Join("\n", entries.Select(e => $"{e.Side}|{e.Recording.Identity}").OrderBy(x => x, StringComparer.Ordinal)));

    public static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static (long, string) Hash(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return (stream.Length, Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (-1, $"unreadable: {e.Message}");
        }
    }

    /// <summary>The label a split stratifies on, for each patient of the recordings.</summary>
    public static IReadOnlyList<RecordedPatient> Patients(IEnumerable<RecordingRef> recordings, LearningTask task) =>
        recordings.GroupBy(r => r.PatientKey).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RecordedPatient(g.Key, task.PatientPositive(g), g.Count())).ToArray();
}
