using System.Diagnostics;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Baseline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.Parameters;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The trivial baseline beside every model (parameter <c>baseline</c>): each chunk's mel-band means and
/// standard deviations (<see cref="BandStatistics"/>, 2 × n_mels, from the job's own un-augmented features, standardised
/// on the training chunks) → a weighted L2 logistic regression (<see cref="LogisticRegression"/>: multinomial for
/// exclusive classes, one sigmoid per output otherwise) fitted on exactly the job's training split with its class
/// weights; λ chosen on validation from <see cref="Grid"/> by the job's monitor. Its predictions go through the same
/// levels and metrics as the model's, on validation and every test set, beside the model's files
/// (predictions_baseline.csv, predictions_baseline_test_&lt;set&gt;.csv); the report gets the paired difference.</summary>
public static class BaselineRun
{
    /// <summary>The regularisation strengths tried, strongest first (a tie keeps the stronger).</summary>
    public static readonly double[] Grid = [100, 10, 1, 1e-1, 1e-2, 1e-3, 1e-4];

    public const string PredictionsFile = "predictions_baseline.csv";

    public static string TestPredictionsFile(string set) => $"predictions_baseline_test_{set}.csv";

    /// <summary>One chunk's features with what its prediction row needs.</summary>
    public sealed record Sample(string Chunk, RecordingRef Recording, float[] Labels, double[] Features);

    /// <summary>The chunks of recordings through the (un-augmented) graph, reduced to their band statistics.</summary>
    public static async Task<IReadOnlyList<Sample>> CollectAsync(DataFlow flow, IReadOnlyList<RecordingRef> recordings, ICollection<SkippedFile> faults,
        CancellationToken stop = default)
    {
        var samples = new List<Sample>();
        FlowReport? report = null;
        try
        {
            await foreach (var batch in TrackedRun.Of(flow.Epoch(recordings, 0, training: false, stop), (_, _) => { }, r => report = r, stop))
                for (int i = 0; i < batch.Size; i++)
                    samples.Add(new Sample(batch.ChunkNames[i], batch.Recordings[i], batch.Labels.AsSpan(i * batch.Outputs, batch.Outputs).ToArray(), BandStatistics.Of(batch, i)));
        }
        catch (FlowFailedException e)
        {
            report = e.Report;
        }
        foreach (var f in report?.Faults ?? []) faults.Add(new SkippedFile(f.File, f.Reason));
        return samples;
    }

    /// <summary>What the fit chose and the standardisation it used.</summary>
    public sealed record Fitted(LogisticRegression Model, double[] Mean, double[] Scale, IReadOnlyList<BaselineCandidate> Grid, string SelectedBy)
    {
        public IReadOnlyList<PredictionRow> Rows(IReadOnlyList<Sample> samples, LearningTask task, PatientRule rule) =>
            PredictionLevels.FromChunkRows(samples.Select(s =>
            {
                var p = Model.Predict(Standardise(s.Features, Mean, Scale)).Select(v => (float)v).ToArray();
                return PredictionRow.OfChunk(s.Chunk, s.Recording, s.Labels, p);
            }).ToArray(), task, rule);
    }

    /// <summary>Fits every λ of the grid on <paramref name="train"/> and keeps the best on <paramref name="validation"/>
    /// by <paramref name="monitor"/> (a per-epoch metric name, higher better; <c>val_loss</c> or an undefined monitor: the
    /// validation chunks' mean cross-entropy, lower better).</summary>
    public static Fitted Fit(IReadOnlyList<Sample> train, IReadOnlyList<Sample> validation, LearningTask task, ClassWeightTable weights, string monitor, PatientRule rule)
    {
        int d = train[0].Features.Length;
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = train.Average(s => s.Features[j]);
            double sd = Math.Sqrt(train.Average(s => (s.Features[j] - mean[j]) * (s.Features[j] - mean[j])));
            scale[j] = sd > 1e-12 ? sd : 1;
        }
        var x = train.Select(s => Standardise(s.Features, mean, scale)).ToArray();
        var y = train.Select(s => s.Labels.Select(v => (double)v).ToArray()).ToArray();
        var w = train.Select(s => (double)weights.SampleWeight(s.Labels)).ToArray();
        var candidates = new List<BaselineCandidate>();
        Fitted? best = null;
        double bestScore = double.NegativeInfinity;
        string selectedBy = monitor;
        // The fits are independent and pure: side by side (the job's cores are otherwise idle here), then ranked in the
        // grid's order, so the choice is the same as one by one.
        var models = new LogisticRegression[Grid.Length];
        Parallel.For(0, Grid.Length, i => models[i] = LogisticRegression.Fit(x, y, w, task.ExclusiveClasses, Grid[i]));
        foreach (var (lambda, model) in Grid.Zip(models))
        {
            var fitted = new Fitted(model, mean, scale, candidates, monitor);
            var chunkRows = fitted.Rows(validation, task, rule).At(PredictionLevel.Chunk);
            double? score = monitor == "val_loss" ? null : task.EpochMetrics(chunkRows).GetValueOrDefault(monitor);
            double ranked;
            if (score is { } s && double.IsFinite(s)) ranked = s;
            else
            {
                score = CrossEntropy(chunkRows, task.ExclusiveClasses);
                selectedBy = "validation cross-entropy";
                ranked = -score.Value;
            }
            candidates.Add(new BaselineCandidate(lambda, score, model.Iterations));
            if (ranked > bestScore) { bestScore = ranked; best = fitted; }
        }
        return best! with { Grid = candidates, SelectedBy = selectedBy };
    }

    /// <summary>What the baseline needs of neither the model nor a test set: the training and validation chunks' features
    /// and the fit. <paramref name="Fitted"/> is null when either set gave no chunk; <paramref name="Faults"/> are the files
    /// the collection could not read (the caller merges them into the job's list).</summary>
    public sealed record Prepared(IReadOnlyList<Sample> Train, IReadOnlyList<Sample> Validation, Fitted? Fitted,
        double FeatureSeconds, double FitSeconds, IReadOnlyList<SkippedFile> Faults);

    /// <summary>Collects the training and validation chunks and fits the baseline. It depends on the data, the split and
    /// the class weights only, so a job runs it beside the best model's evaluation (which leaves a core idle while it
    /// draws and encodes images) and finishes it after with <see cref="FinishAsync"/>. Pure but for reading the graph.</summary>
    public static async Task<Prepared> PrepareAsync(DataFlow flow, JobData data, JobParameters p, ClassWeightTable weights, string monitor,
        CancellationToken stop = default)
    {
        var faults = new List<SkippedFile>();
        var clock = Stopwatch.StartNew();
        var train = await CollectAsync(flow, data.Split.Train.ToArray(), faults, stop);
        var validation = await CollectAsync(flow, data.Split.Validation.ToArray(), faults, stop);
        double featureSeconds = clock.Elapsed.TotalSeconds;
        if (train.Count == 0 || validation.Count == 0) return new Prepared(train, validation, null, featureSeconds, 0, faults);
        clock.Restart();
        var fitted = Fit(train, validation, p.Task, weights, monitor, p.PatientRule);
        return new Prepared(train, validation, fitted, featureSeconds, clock.Elapsed.TotalSeconds, faults);
    }

    /// <summary>The rest, once the model's validation and test predictions are written: collect the test sets the model
    /// was scored on, score validation and those sets, write the predictions files, and pair each with the model's rows
    /// (read back from its predictions files).</summary>
    public static async Task<BaselineReport?> FinishAsync(Prepared prepared, DataFlow flow, JobData data, JobParameters p,
        JobFolder folder, IReadOnlyDictionary<string, ValidationMetrics>? modelTests, JobLog log, ICollection<SkippedFile> faults)
    {
        var task = p.Task;
        foreach (var fault in prepared.Faults) faults.Add(fault);
        var clock = Stopwatch.StartNew();
        var tests = new List<(TestSet Set, IReadOnlyList<Sample> Samples)>();
        foreach (var t in data.Split.Tests.Filter(t => modelTests?.ContainsKey(t.Key) == true))
            tests.Add((t, await CollectAsync(flow, t.Recordings.ToArray(), faults)));
        double featureSeconds = prepared.FeatureSeconds + clock.Elapsed.TotalSeconds, fitSeconds = prepared.FitSeconds;
        var (train, validation) = (prepared.Train, prepared.Validation);
        if (prepared.Fitted is not { } fitted)
        {
            log.Alert("baseline: no training or validation chunk, so no baseline was fitted");
            return null;
        }
        var bootstrap = p.EffectiveBootstrap;
        var valRows = fitted.Rows(validation, task, p.PatientRule);
        PredictionsCsv.Write(Path.Combine(folder.Directory, PredictionsFile), task, valRows);
        var val = Scoring.Validation(task, valRows, bootstrap);
        var metric = task.HeadlineMetric;
        var differences = new SortedDictionary<string, IReadOnlyDictionary<string, MetricInterval>>(StringComparer.Ordinal);
        var sentences = new List<string>();
        void Pair(string set, IReadOnlyList<PredictionRow> modelRows, IReadOnlyList<PredictionRow> baselineRows)
        {
            var byLevel = new Dictionary<string, MetricInterval>(StringComparer.Ordinal);
            foreach (var (level, name) in new[] { (PredictionLevel.Chunk, "chunk"), (PredictionLevel.Recording, "recording"), (PredictionLevel.Patient, "patient") })
            {
                var d = PairedDifference.Of(modelRows.At(level), baselineRows.At(level),
                    rows => task.Measure(rows).Named().GetValueOrDefault(metric), bootstrap);
                byLevel[name] = d;
                if (PairedDifference.Verdict(d) is { } verdict && verdict != "beats")
                    sentences.Add(Sentence(set, name, metric, verdict, d));
            }
            differences[set] = byLevel;
        }
        Pair("validation", PredictionsCsv.Read(folder.PredictionsCsv, task), valRows);
        Dictionary<string, ValidationMetrics>? testMetrics = tests.Count == 0 ? null : new(StringComparer.Ordinal);
        foreach (var (set, samples) in tests)
        {
            if (samples.Count == 0) continue;
            var rows = fitted.Rows(samples, task, p.PatientRule);
            PredictionsCsv.Write(Path.Combine(folder.Directory, TestPredictionsFile(set.Key)), task, rows);
            testMetrics![set.Key] = Scoring.Validation(task, rows, bootstrap);
            Pair(set.Key, PredictionsCsv.Read(Path.Combine(folder.Directory, set.PredictionsFile), task), rows);
        }
        var report = new BaselineReport(
            $"logistic regression ({(task.ExclusiveClasses ? "multinomial" : "one sigmoid per output")}, L2, float64 L-BFGS) on each chunk's mel-band mean and sd",
            fitted.Mean.Length, train.Count, fitted.Model.Lambda, fitted.SelectedBy, fitted.Grid, featureSeconds, fitSeconds, val, testMetrics, metric,
            differences, sentences);
        foreach (var line in Lines(report)) log.Info(line);
        return report;
    }

    /// <summary>The log's lines: λ, the baseline's headline metric and each paired difference.</summary>
    public static IEnumerable<string> Lines(BaselineReport b)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"baseline: λ {b.Lambda:G3} (by {b.SelectedBy}), {b.TrainChunks} training chunks × {b.Features} features; features {b.FeatureSeconds:0.00} s, fit {b.FitSeconds:0.00} s");
        foreach (var (set, levels) in b.Difference)
            foreach (var (level, d) in levels)
                yield return $"  {set} {level}: model − baseline {b.Metric} {Show(d)}";
        foreach (var s in b.Sentences) yield return "  " + s;
    }

    /// <summary>A difference as "+0.012 [−0.030, 0.051]", or why it is undefined.</summary>
    public static string Show(MetricInterval d) => d.Value is not { } v ? d.Reason ?? "undefined"
        : v.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) + (d is { Low: { } lo, High: { } hi } ? " " + MetricInterval.Bracket(lo, hi) : $" ({d.Reason})");

    private static string Sentence(string set, string level, string metric, string verdict, MetricInterval d) =>
        $"On {(set == "validation" ? "validation" : $"test set {set}")} at the {level} level, the model {verdict} the baseline ({metric} model − baseline {Show(d)}).";

    private static double[] Standardise(double[] f, double[] mean, double[] scale)
    {
        var z = new double[f.Length];
        for (int j = 0; j < f.Length; j++) z[j] = (f[j] - mean[j]) / scale[j];
        return z;
    }

    private static double CrossEntropy(IReadOnlyList<PredictionRow> rows, bool softmax) => rows.Average(r =>
        Enumerable.Range(0, r.Labels.Length).Sum(o =>
        {
            double p = Math.Clamp(r.Probabilities[o], 1e-12, 1 - 1e-12);
            return softmax ? -r.Labels[o] * Math.Log(p) : -(r.Labels[o] * Math.Log(p) + (1 - r.Labels[o]) * Math.Log(1 - p));
        }));
}
