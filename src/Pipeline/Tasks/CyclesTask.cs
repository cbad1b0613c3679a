using DataflowLung.Kernels;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static DataflowLung.Pipeline.Tasks.HeadlineText;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>The ICBHI challenge's per-cycle classification (<c>runner cycles</c>): one sample per annotated respiratory
/// cycle and one class out of <see cref="Classes"/> with a softmax head, 4 classes (none, crackles, wheezes, both) or 2
/// (normal, abnormal), picked by the <c>cycle_classes</c> parameter. Each row's class is its most probable one, scored
/// as the challenge defines it (<see cref="IcbhiScore"/>: Sp, Se, Score and the K × K confusion), with precision and F1
/// of abnormal and the AUC of abnormal vs normal (score 1 − P(normal)).</summary>
public sealed record CyclesTask(int Classes) : LearningTask
{
    public const int FourClasses = 4;
    public const int TwoClasses = 2;

    public override string Name => "cycles";

    public override string Description =>
        "The ICBHI benchmark: classify every annotated respiratory cycle as normal, crackle, wheeze or both " +
        "(or normal/abnormal with --set cycle_classes=2) on the official split, scored by the challenge's Sp, Se and Score";

    public override string StoredName => Classes == TwoClasses ? "cycles_binary" : "cycles";

    public override IEnumerable<LearningTask> Variants => [new CyclesTask(FourClasses), new CyclesTask(TwoClasses)];

    public override IReadOnlyList<string> OutputNames => ClassNames;
    public override Activation Activation => Activation.Softmax;
    public override IReadOnlyList<string> ClassNames => Classes == TwoClasses ? BinaryNames : FourNames;

    private static readonly string[] FourNames = CycleLabeler.ClassNames.ToArray();
    private static readonly string[] BinaryNames = ["normal", "abnormal"];

    protected override int Classify(ReadOnlySpan<float> labels) => ClassIndex.ArgMax(labels);

    /// <summary>A cycles label is itself the class distribution (one-hot, or mixed).</summary>
    public override float[] ClassShares(ReadOnlySpan<float> labels) => labels.ToArray();

    public override Seq<ClassCount> RecordingCounts(DatasetSummary summary) => summary.RecordingCracklesWheezes;

    /// <summary>Per-cycle annotations: Jordan's recording-level labels are not.</summary>
    public override bool CanLearnFrom(DatasetLabels provided) => provided.CycleAnnotations;

    public override bool IsUsable(RecordingRef recording) => TaskLabels.HasSoundLabels(recording);

    public override Option<string> LabelProblem(RecordingRef recording) => SoundLabels.Problem(recording);

    public override bool PatientPositive(IEnumerable<RecordingRef> recordings) => SoundLabels.PatientPositive(recordings);

    public override string PositiveName => "abnormal";

    public override float[] WindowLabels(RecordingRef recording, ChunkParams p, double start, double end) =>
        OneHot(TaskLabels.WindowCracklesWheezes(recording, p, start, end));

    public override float[] CycleLabels(RecordingRef recording, CycleAnnotation cycle) => OneHot((cycle.Crackles, cycle.Wheezes));

    /// <summary>The 4-class index, or abnormal (any crackle or wheeze) for 2 classes, one-hot.</summary>
    private float[] OneHot((bool Crackles, bool Wheezes) x) =>
        ClassIndex.OneHot(ClassCount, Classes == TwoClasses ? (x.Crackles || x.Wheezes ? 1 : 0) : CycleLabeler.ClassIndex(x.Crackles, x.Wheezes));

    public override RecordingLabels PlaceholderLabels => new(0, false, false);

    public override bool PerCycleOnly => true;

    public override bool AcceptsRecordingSplit => true;

    /// <summary>The benchmark as the papers run it (Bae et al. 2023 and the AST line of work): ICBHI, one sample per
    /// annotated cycle fixed to 8 s by repeat-padding, Kaldi fbank features at 16 kHz (25 ms / 10 ms, 128 bins), the
    /// official train/test list when the folder holds it (else the patient split).</summary>
    public override TaskDefaults Defaults => new(
        Seq1(IcbhiAdapter.Name),
        new ChunkParams(AudioLengthSeconds: 8.0, StepSeconds: 8.0, PerCycle: true, CycleFit: CycleFit.Repeat),
        FeatureParams.Kaldi,
        new SplitParams(UseOfficialIcbhiSplit: true, OfficialSplitRequired: false));

    public override Option<int> CycleClasses => Classes;

    public override Fin<LearningTask> WithCycleClasses(int classes) => classes is FourClasses or TwoClasses
        ? FinSucc<LearningTask>(new CyclesTask(classes))
        : FinFail<LearningTask>(Error.New($"expected {FourClasses} or {TwoClasses}, got {classes}"));

    public override bool IsPositive(double[] labels) => ClassIndex.ArgMax(labels) > 0;

    public override LevelMetrics Measure(IReadOnlyList<PredictionRow> rows)
    {
        var truth = rows.Select(r => ClassIndex.ArgMax(r.Labels)).ToArray();
        var predicted = rows.Select(r => ClassIndex.ArgMax(r.Probabilities)).ToArray();
        var icbhi = IcbhiScore.FromClasses(truth, predicted, ClassCount);
        var abnormalTruth = truth.Select(t => t > 0).ToArray();
        var abnormal = BinaryMetrics.From(BinaryCounts.At(abnormalTruth, predicted.Select(p => p > 0 ? 1.0 : 0.0).ToArray(), 0.5), 0.5);
        var auc = Ranking.RocAuc(abnormalTruth, rows.Select(r => 1.0 - r.Probabilities[0]).ToArray());
        var correct = Enumerable.Range(0, ClassCount).Sum(i => icbhi.Confusion[i][i]);
        return new LevelMetrics(rows.Count, Ratio.Of(correct, rows.Count), icbhi.Sensitivity, icbhi.Specificity, icbhi.Score,
            abnormal.Precision, abnormal.F1, auc, icbhi.Score, icbhi.Confusion.Select(row => row.Select(v => (long)v).ToArray()).ToArray())
        {
            IcbhiScored = true,
        };
    }

    /// <summary>Per cycle: the challenge's Score, Se and Sp, accuracy, the abnormal AUC and each class's recall.</summary>
    public override IReadOnlyDictionary<string, double?> EpochMetrics(IReadOnlyList<PredictionRow> chunkRows)
    {
        var m = Measure(chunkRows);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["icbhi_score"] = m.IcbhiScore,
            ["icbhi_sensitivity"] = m.Sensitivity,
            ["icbhi_specificity"] = m.Specificity,
            ["accuracy"] = m.Accuracy,
            ["abnormal_auc"] = m.Auc,
        };
        var recall = m.Recall();
        for (int c = 0; c < ClassCount; c++) d[$"{ClassNames[c]}_recall"] = recall[c];
        return d;
    }

    public override IReadOnlyList<(string Column, string Legend)> CurveColumns => Curves;

    private static readonly (string, string)[] Curves =
        [("icbhi_score", "ICBHI score"), ("icbhi_sensitivity", "Se"), ("icbhi_specificity", "Sp"), ("accuracy", "accuracy"), ("abnormal_auc", "abnormal AUC")];

    public override string DefaultMonitor => "icbhi_score";
    public override string OriginalMonitor => "icbhi_score";
    public override string HeadlineMetric => "icbhi_score";

    /// <summary>Per level the challenge's metrics, then the cycle confusion.</summary>
    public override IEnumerable<string> Headline(ValidationMetrics val) =>
        val.Levels().Select(x =>
            $"  {(x.Level == "chunk" ? "cycle" : x.Level),-9} n={x.Metrics.Count,-5} Score {Value(x.Metrics.IcbhiScore)}{Interval(x.Metrics, "icbhi_score")}  " +
            $"Se {Value(x.Metrics.Sensitivity)}{Interval(x.Metrics, "sensitivity")}  Sp {Value(x.Metrics.Specificity)}{Interval(x.Metrics, "specificity")}  " +
            $"accuracy {Value(x.Metrics.Accuracy)}  abnormal AUC {Value(x.Metrics.Auc)}{Support(x.Metrics)}")
        .Concat(val.Chunk.Classes is { } classes ? Confusion("cycle confusion", classes, val.Chunk.Confusion, 9) : []);
}
