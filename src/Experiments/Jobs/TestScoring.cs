using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The held-out official test sets (<see cref="TestSet"/>), scored once, after training, with the best model
/// (chosen on validation alone): each set's predictions file and its metrics at every level with patient-bootstrap
/// intervals, the same functions as validation's. A set whose recordings all fail is reported, not fatal.</summary>
public static class TestScoring
{
    public static async Task<Fin<IReadOnlyDictionary<string, ValidationMetrics>>> ScoreAsync(Model.Training.Predictor predictor, DataFlow flow,
        Seq<TestSet> tests, JobParameters p, JobFolder folder, StageTimer timer, JobLog log, ICollection<SkippedFile> faults,
        CancellationToken stop = default)
    {
        var scored = new SortedDictionary<string, ValidationMetrics>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            var pass = await timer.TimeAsync("test", () =>
                ValidationPass.RunAsync(predictor, flow, test.Recordings.ToArray(), p.Task, p.Chunk, examplesPerClass: 0, stop));
            if (pass.Case is Error e) return e;
            var result = (ValidationPass.Result)pass;
            foreach (var f in result.Flow?.Faults ?? []) faults.Add(new SkippedFile(f.File, f.Reason));
            if (result.Chunks.Count == 0)
            {
                log.Alert($"test set {test.Key}: no recording gave a chunk, so it is not scored");
                continue;
            }
            var rows = PredictionLevels.FromChunkRows(result.Chunks.Select(c => c.Row).ToArray(), p.Task, p.PatientRule);
            PredictionsCsv.Write(Path.Combine(folder.Directory, test.PredictionsFile), p.Task, rows);
            var metrics = timer.Time("reports", () => Scoring.Validation(p.Task, rows, p.EffectiveBootstrap));
            log.Info($"test set {test.Key} ({test.Recordings.Count} recordings, scored once with the best model):");
            foreach (var line in p.Task.Headline(metrics)) log.Info(line);
            scored[test.Key] = metrics;
        }
        return FinSucc<IReadOnlyDictionary<string, ValidationMetrics>>(scored);
    }

    /// <summary>Each metric's mean over the test sets, by level (the challenge reports SPRSound's inter and intra sets
    /// together this way); a metric undefined on a set is left out of its mean. None with fewer than two sets.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>? Mean(IReadOnlyDictionary<string, ValidationMetrics>? tests) =>
        tests is not { Count: >= 2 } ? null
            : tests.Values.First().Levels().Select(x => x.Level).ToDictionary(level => level, level =>
            {
                var named = tests.Values.Select(v => v.Levels().First(x => x.Level == level).Metrics.Named()).ToArray();
                return (IReadOnlyDictionary<string, double?>)named.SelectMany(n => n.Keys).Distinct().ToDictionary(name => name, name =>
                {
                    var values = named.Select(n => n.GetValueOrDefault(name)).OfType<double>().Where(double.IsFinite).ToArray();
                    return values.Length == 0 ? (double?)null : values.Average();
                }, StringComparer.Ordinal);
            }, StringComparer.Ordinal);
}
