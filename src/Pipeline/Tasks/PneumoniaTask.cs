using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using static LanguageExt.Prelude;
using static DataflowLung.Pipeline.Tasks.HeadlineText;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>Pneumonia: one sigmoid output per chunk, the recording's label (BD's unusable −1 rows excluded, as the
/// original did); reported per chunk, recording and patient, and per epoch also under the original's patient rule
/// (positive when any chunk is), with PR AUC and the Youden-optimal threshold at every level.</summary>
public sealed record PneumoniaTask : LearningTask
{
    public override string Name => "pneumonia";
    public override string Description => "Train a pneumonia classifier (per chunk, reported per recording and patient)";
    public override string StoredName => "pneumonia";

    public override IReadOnlyList<string> OutputNames => Outputs_;
    public override Activation Activation => Activation.Sigmoid;
    public override IReadOnlyList<string> ClassNames => Classes;

    private static readonly string[] Outputs_ = ["pneumonia"];
    private static readonly string[] Classes = ["negative", "pneumonia"];

    protected override int Classify(ReadOnlySpan<float> labels) => labels[0] >= 0.5f ? 1 : 0;

    public override float[] ClassShares(ReadOnlySpan<float> labels) => [1 - labels[0], labels[0]];

    // The dataset summaries' names: the chunk's recording is a pneumonia or a non-pneumonia one.
    public override IReadOnlyList<string> SummaryClasses => SummaryNames;
    private static readonly string[] SummaryNames = ["pneumonia", "non-pneumonia"];

    public override string SummaryClassOf(float[] labels) => (int)labels[0] switch { 1 => "pneumonia", 0 => "non-pneumonia", _ => "unknown" };

    public override Seq<ClassCount> RecordingCounts(DatasetSummary summary) => summary.RecordingPneumonia;

    public override bool CanLearnFrom(DatasetLabels provided) => provided.Pneumonia;

    public override bool IsUsable(RecordingRef recording) => recording.Labels.HasPneumoniaLabel;

    public override Option<string> LabelProblem(RecordingRef recording) =>
        recording.Labels.HasPneumoniaLabel
            ? None
            : Some($"no usable pneumonia label (label {recording.Labels.Pneumonia}" +
                   (recording.Labels.Diagnosis.Length > 0 ? $", diagnosis '{recording.Labels.Diagnosis}'" : ", no diagnosis") +
                   "): it cannot be used for the pneumonia task");

    public override bool PatientPositive(IEnumerable<RecordingRef> recordings) => recordings.Any(r => r.Labels.Pneumonia == 1);

    public override string PositiveName => "pneumonia";

    public override float[] WindowLabels(RecordingRef recording, ChunkParams p, double start, double end) => [recording.Labels.Pneumonia];

    public override float[] CycleLabels(RecordingRef recording, CycleAnnotation cycle) => [recording.Labels.Pneumonia];

    public override RecordingLabels PlaceholderLabels => new(0);

    public override bool IsPositive(double[] labels) => labels[0] >= 0.5;

    public override LevelMetrics Measure(IReadOnlyList<PredictionRow> rows) => Measure(rows, thresholds: false);

    /// <summary>The metrics at 0.5 with the ROC AUC; with <paramref name="thresholds"/> also the PR AUC and the
    /// Youden-optimal threshold with the metrics there, which only the per-epoch metrics show (the report's bootstrap
    /// would compute them on every resample for nothing).</summary>
    private static LevelMetrics Measure(IReadOnlyList<PredictionRow> rows, bool thresholds)
    {
        var labels = rows.Select(r => r.Labels[0] >= 0.5).ToArray();
        var scores = rows.Select(r => r.Probabilities[0]).ToArray();
        var m = BinaryMetrics.At(labels, scores, 0.5);
        var level = new LevelMetrics(rows.Count, m.Accuracy, m.Sensitivity, m.Specificity, m.BalancedAccuracy, m.Precision, m.F1,
            Ranking.RocAuc(labels, scores), null, m.Counts.Matrix.Select(row => row.Select(v => (long)v).ToArray()).ToArray());
        if (!thresholds) return level;
        var youden = Ranking.YoudenThreshold(labels, scores);
        return level with
        {
            PrAuc = Ranking.AveragePrecision(labels, scores),
            YoudenThreshold = youden,
            AtYouden = youden is { } t ? BinaryMetrics.At(labels, scores, t) : null,
        };
    }

    /// <summary>Every level, <c>patient_any</c> the original's patient rule, each at 0.5 and at its Youden threshold.</summary>
    public override IReadOnlyDictionary<string, double?> EpochMetrics(IReadOnlyList<PredictionRow> chunkRows)
    {
        var rows = PredictionLevels.FromChunkRows(chunkRows, this, PatientRule.Mean, RowPrecision.Double);
        var anyChunk = PredictionLevels.FromChunkRows(chunkRows, this, PatientRule.AnyChunk, RowPrecision.Double);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (prefix, levelRows) in new[] { ("chunk", rows.At(PredictionLevel.Chunk)), ("recording", rows.At(PredictionLevel.Recording)),
                     ("patient", rows.At(PredictionLevel.Patient)), ("patient_any", anyChunk.At(PredictionLevel.Patient)) })
        {
            var m = Measure(levelRows, thresholds: true);
            d[$"{prefix}_auc"] = m.Auc;
            d[$"{prefix}_pr_auc"] = m.PrAuc;
            d[$"{prefix}_accuracy"] = m.Accuracy;
            d[$"{prefix}_sensitivity"] = m.Sensitivity;
            d[$"{prefix}_specificity"] = m.Specificity;
            d[$"{prefix}_balanced_accuracy"] = m.BalancedAccuracy;
            d[$"{prefix}_precision"] = m.Precision;
            d[$"{prefix}_f1"] = m.F1;
            d[$"{prefix}_youden_threshold"] = m.YoudenThreshold;
            d[$"{prefix}_youden_accuracy"] = m.AtYouden?.Accuracy;
            d[$"{prefix}_youden_sensitivity"] = m.AtYouden?.Sensitivity;
            d[$"{prefix}_youden_specificity"] = m.AtYouden?.Specificity;
            d[$"{prefix}_youden_balanced_accuracy"] = m.AtYouden?.BalancedAccuracy;
            d[$"{prefix}_youden_precision"] = m.AtYouden?.Precision;
            d[$"{prefix}_youden_f1"] = m.AtYouden?.F1;
        }
        return d;
    }

    public override IReadOnlyList<(string Column, string Legend)> CurveColumns => Curves;

    private static readonly (string, string)[] Curves =
        [("chunk_auc", "chunk AUC"), ("recording_auc", "recording AUC"), ("patient_auc", "patient AUC"), ("patient_accuracy", "patient accuracy"), ("chunk_accuracy", "chunk accuracy")];

    public override string DefaultMonitor => "patient_auc";

    /// <summary>The two-class counterpart of the ICBHI score the original tracked for crackles/wheezes: the mean of chunk
    /// sensitivity and specificity at 0.5 (its per-epoch metrics were chunk-level).</summary>
    public override string OriginalMonitor => "chunk_balanced_accuracy";

    /// <summary>A validation set with no pneumonia patient (a small split, a CV fold) leaves the patient AUC undefined;
    /// the labels are per recording, so constant probabilities show it before training.</summary>
    public override Option<string> UndefinedMonitor(string monitor, IEnumerable<RecordingRef> validation)
    {
        var labelled = validation.Where(r => r.Labels.HasPneumoniaLabel).ToArray();
        var constant = labelled.Select(r => PredictionRow.OfChunk(r.Name, r, [r.Labels.Pneumonia], [0.5f])).ToArray();
        // A name the task does not know is left for the trainer to refuse.
        if (!EpochMetrics(constant).TryGetValue(monitor, out var value) || value is not null) return None;
        int positives = labelled.Count(r => r.Labels.Pneumonia == 1);
        return $"{monitor} is undefined on this validation set ({labelled.Length} recordings, {positives} with pneumonia, " +
               $"{labelled.Length - positives} without)";
    }

    public override string HeadlineMetric => "auc";

    public override IEnumerable<string> Headline(ValidationMetrics val) =>
        val.Levels().Select(x =>
            $"  {x.Level,-9} n={x.Metrics.Count,-5} accuracy {Value(x.Metrics.Accuracy)}  sensitivity {Value(x.Metrics.Sensitivity)}  " +
            $"specificity {Value(x.Metrics.Specificity)}  AUC {Value(x.Metrics.Auc)}{Interval(x.Metrics, "auc")}{Support(x.Metrics)}");
}
