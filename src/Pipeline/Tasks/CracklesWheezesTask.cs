using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using static DataflowLung.Pipeline.Tasks.HeadlineText;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>Crackles/wheezes (<c>runner cw</c>): two sigmoid outputs per chunk, from the annotated cycles overlapping
/// the window (<see cref="CycleLabeler"/>) or the recording's flags. Classes are the original's 4-class index (none 0,
/// crackle 1, wheeze 2, both 3), each output thresholded at 0.5; scored by the ICBHI 4-class confusion, with precision
/// and F1 of "abnormal" (any adventitious sound) and AUC the mean of the two outputs' AUCs; per epoch also each output
/// on its own.</summary>
public sealed record CracklesWheezesTask : LearningTask
{
    public override string Name => "cw";
    public override string Description => "Train a crackles/wheezes classifier (two outputs per chunk or cycle)";
    public override string StoredName => "crackles_wheezes";

    public override IReadOnlyList<string> OutputNames => Outputs_;
    public override Activation Activation => Activation.Sigmoid;
    public override IReadOnlyList<string> ClassNames => Classes;

    private static readonly string[] Outputs_ = ["crackles", "wheezes"];
    private static readonly string[] Classes = CycleLabeler.ClassNames.ToArray();

    protected override int Classify(ReadOnlySpan<float> labels) => CycleLabeler.ClassIndex(labels[0] >= 0.5f, labels[1] >= 0.5f);

    /// <summary>Crackles and wheezes taken as independent.</summary>
    public override float[] ClassShares(ReadOnlySpan<float> labels)
    {
        float c = labels[0], w = labels[1];
        return [(1 - c) * (1 - w), c * (1 - w), (1 - c) * w, c * w];
    }

    public override Seq<ClassCount> RecordingCounts(DatasetSummary summary) => summary.RecordingCracklesWheezes;

    public override bool CanLearnFrom(DatasetLabels provided) => SoundLabels.CanLearnFrom(provided);

    public override bool IsUsable(RecordingRef recording) => TaskLabels.HasSoundLabels(recording);

    public override Option<string> LabelProblem(RecordingRef recording) => SoundLabels.Problem(recording);

    public override bool PatientPositive(IEnumerable<RecordingRef> recordings) => SoundLabels.PatientPositive(recordings);

    public override string PositiveName => "abnormal";

    public override float[] WindowLabels(RecordingRef recording, ChunkParams p, double start, double end) =>
        Flags(TaskLabels.WindowCracklesWheezes(recording, p, start, end));

    public override float[] CycleLabels(RecordingRef recording, CycleAnnotation cycle) => Flags((cycle.Crackles, cycle.Wheezes));

    private static float[] Flags((bool Crackles, bool Wheezes) x) => [x.Crackles ? 1f : 0f, x.Wheezes ? 1f : 0f];

    public override RecordingLabels PlaceholderLabels => new(0, false, false);

    public override bool IsPositive(double[] labels) => labels.Any(l => l >= 0.5);

    public override LevelMetrics Measure(IReadOnlyList<PredictionRow> rows)
    {
        var truth = rows.Select(r => IcbhiScore.ClassOf(r.Labels[0] >= 0.5, r.Labels[1] >= 0.5)).ToArray();
        var predicted = rows.Select(r => IcbhiScore.ClassOf(r.Probabilities[0] >= 0.5, r.Probabilities[1] >= 0.5)).ToArray();
        var icbhi = IcbhiScore.FromClasses(truth, predicted);
        var abnormal = BinaryMetrics.From(BinaryCounts.At(truth.Select(t => t > 0).ToArray(), predicted.Select(p => p > 0 ? 1.0 : 0.0).ToArray(), 0.5), 0.5);
        var outputs = Outputs_.Select((name, o) =>
            OutputMetrics.Of(name, rows.Select(r => r.Labels[o] >= 0.5).ToArray(), rows.Select(r => r.Probabilities[o]).ToArray())).ToArray();
        var aucs = outputs.Where(x => x.Auc is not null).Select(x => x.Auc!.Value).ToArray();
        var correct = Enumerable.Range(0, ClassCount).Sum(i => icbhi.Confusion[i][i]);
        return new LevelMetrics(rows.Count, Ratio.Of(correct, rows.Count), icbhi.Sensitivity, icbhi.Specificity, icbhi.Score,
            abnormal.Precision, abnormal.F1, aucs.Length == 0 ? null : aucs.Average(), icbhi.Score,
            icbhi.Confusion.Select(row => row.Select(v => (long)v).ToArray()).ToArray()) { PerOutput = outputs };
    }

    /// <summary>Chunk level: each output at 0.5 with its AUC, then the ICBHI sensitivity, specificity and score.</summary>
    public override IReadOnlyDictionary<string, double?> EpochMetrics(IReadOnlyList<PredictionRow> chunkRows)
    {
        var m = Measure(chunkRows);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var o in m.PerOutput)
        {
            d[$"{o.Output}_sensitivity"] = o.AtHalf.Sensitivity;
            d[$"{o.Output}_specificity"] = o.AtHalf.Specificity;
            d[$"{o.Output}_f1"] = o.AtHalf.F1;
            d[$"{o.Output}_auc"] = o.Auc;
        }
        d["icbhi_sensitivity"] = m.Sensitivity;
        d["icbhi_specificity"] = m.Specificity;
        d["icbhi_score"] = m.IcbhiScore;
        return d;
    }

    public override IReadOnlyList<(string Column, string Legend)> CurveColumns => Curves;

    private static readonly (string, string)[] Curves =
        [("icbhi_score", "ICBHI score"), ("icbhi_sensitivity", "ICBHI sensitivity"), ("icbhi_specificity", "ICBHI specificity"),
         ("crackles_auc", "crackles AUC"), ("wheezes_auc", "wheezes AUC")];

    public override string DefaultMonitor => "icbhi_score";
    public override string OriginalMonitor => "icbhi_score";
    public override string HeadlineMetric => "icbhi_score";

    public override IEnumerable<string> Headline(ValidationMetrics val) =>
        val.Levels().Select(x =>
            $"  {x.Level,-9} n={x.Metrics.Count,-5} ICBHI score {Value(x.Metrics.IcbhiScore)}{Interval(x.Metrics, "icbhi_score")}  " +
            $"sensitivity {Value(x.Metrics.Sensitivity)}  specificity {Value(x.Metrics.Specificity)}  AUC {Value(x.Metrics.Auc)}{Support(x.Metrics)}");
}
