using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The recordings a job works on: what each dataset folder held (with skipped files), the
/// per-dataset summaries, and the train/validation split with the official test sets held out of it (for
/// <c>evaluate</c>: everything in validation).
/// Recordings whose header cannot be read are left out here, reported as skipped, so the graph never
/// meets them.</summary>
public sealed record JobData(Seq<DatasetScan> Scans, Seq<DatasetSummary> Summaries, SplitResult Split)
{
    public delegate Fin<(int SampleRate, double Seconds)> Probe(string path);

    /// <summary>Divides the readable recordings of the scans into train and validation.</summary>
    public delegate Fin<SplitResult> Splitter(Seq<DatasetScan> readable);

    /// <summary>Scan → (testing subset) → probe → split. <paramref name="holdOut"/> puts every usable
    /// recording in validation (evaluate on a held-out set, no training side); <paramref name="split"/>, when
    /// given, makes the split instead of the patient split of the parameters (a cross-validation fold, or
    /// the split a job folder recorded).</summary>
    public static Fin<JobData> Load(JobParameters p, string dataRoot, Probe probe, bool holdOut = false, Splitter? split = null)
    {
        var cache = new System.Collections.Concurrent.ConcurrentDictionary<string, Fin<(int, double)>>(StringComparer.Ordinal);
        Fin<(int SampleRate, double Seconds)> Probed(string path) => cache.GetOrAdd(path, x => probe(x));

        return DatasetRegistry.ScanAll(dataRoot, string.Join(",", p.Datasets), p.DatasetOptions).Bind(all =>
        {
            var scans = p.Testing
                ? all.Map(s => s with { Recordings = TestingSubset.Select(s.Recordings, p.TestingRecordingsPerDataset, g => p.Task.PatientPositive(g)) })
                : all;
            var summaries = scans.Map(s => DatasetSummary.Of(s, Probed, p.Chunk, p.Task, p.Features.SampleRate));
            var readable = scans.Map(s => s with { Recordings = s.Recordings.Filter(r => Probed(r.Path).IsSucc) });
            var usable = TaskLabels.Usable(readable, p.Task);
            if (usable.IsEmpty)
                return FinFail<JobData>(Error.New(
                    $"no recording with {p.Task.Name} labels in {string.Join(", ", p.Datasets.Map(d => Path.Combine(dataRoot, d)))}"));
            var divided = holdOut
                ? FinSucc(new SplitResult(Empty, usable, Seq1("held-out evaluation: every usable recording, no split")))
                : split is not null ? split(readable).Map(s => PatientSplit.HoldOutTests(s, readable, p.Task)) : PatientSplit.SplitScans(readable, p.Split, p.Task);
            return divided.Map(s => new JobData(readable, summaries, s));
        });
    }

    /// <summary>The data block of report.json: counts per dataset and class, skipped files with reasons, and
    /// patients, recordings and chunks (per class) on each side of the split.</summary>
    public DataReport Report(JobParameters p, Probe probe) => new(
        Summaries.Map(s => new DatasetCounts(s.Dataset, s.Recordings, s.Patients,
            p.Task.RecordingCounts(s).ToDictionary(c => c.Class, c => c.Count))).ToArray(),
        Summaries.Bind(s => s.Skipped).ToArray(),
        Side("train", Split.Train, p, probe),
        Side("validation", Split.Validation, p, probe));

    private static SplitCounts Side(string name, Seq<RecordingRef> recordings, JobParameters p, Probe probe)
    {
        var summary = DatasetSummary.Of(new DatasetScan(name, recordings, Empty, Empty), x => probe(x), p.Chunk, p.Task, p.Features.SampleRate);
        return new SplitCounts(recordings.Map(r => r.PatientKey).Distinct().Count, recordings.Count, summary.Chunks,
            summary.ChunkClasses.ToDictionary(c => c.Class, c => c.Count));
    }

    /// <summary>The cross-validation plan over every usable recording of the data root outside the official test sets (no split made), with those
    /// recordings: what a cross-validation run records in folds.json and <c>runner datasets --cv</c> shows.</summary>
    public static Fin<(FoldPlan Plan, Seq<RecordingRef> Usable)> PlanFolds(JobParameters p, string dataRoot, Probe probe) =>
        from data in Load(p, dataRoot, probe, split: _ => FinSucc(new SplitResult(Empty, Empty)))
        let usable = TaskLabels.Usable(PatientSplit.HoldOut(data.Scans, p.Task).Pool, p.Task)
        from plan in PatientFolds.Plan(usable, p.Split, p.Task)
        select (plan, usable);
}
