using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>The small fixed subset testing mode runs on, per dataset: whole patients (a split by patient
/// stays possible), taken alternately from the positive and negative patients in patient-id order, until
/// the dataset's budget of recordings is reached. The first patient of each class is always taken, so a
/// dataset with both classes keeps both. Deterministic: no randomness, the same folder gives the same subset.</summary>
public static class TestingSubset
{
    public static Seq<RecordingRef> Select(Seq<RecordingRef> recordings, int recordingsPerDataset, Func<IEnumerable<RecordingRef>, bool> patientPositive) =>
        toSeq(recordings
            .GroupBy(r => r.Dataset, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(d => SelectDataset(d.ToArray(), recordingsPerDataset, patientPositive)));

    private static IEnumerable<RecordingRef> SelectDataset(RecordingRef[] recordings, int budget, Func<IEnumerable<RecordingRef>, bool> patientPositive)
    {
        var patients = recordings.GroupBy(r => r.Patient, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Recordings: g.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray(), Positive: patientPositive(g)))
            .ToArray();
        var queues = new[] { new Queue<RecordingRef[]>(patients.Where(p => p.Positive).Select(p => p.Recordings)),
                             new Queue<RecordingRef[]>(patients.Where(p => !p.Positive).Select(p => p.Recordings)) };
        var taken = new List<RecordingRef>();
        foreach (var q in queues)
            if (q.Count > 0) taken.AddRange(q.Dequeue());
        for (var turn = 0; taken.Count < budget && queues.Any(q => q.Count > 0); turn++)
        {
            var q = queues[turn % 2];
            if (q.Count > 0) taken.AddRange(q.Dequeue());
        }
        return taken;
    }
}
