using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Model.Metrics;

/// <summary>Per-cycle metrics of the cycles tasks, each cycle's class being its most probable one (argmax of the
/// softmax): the ICBHI challenge's Sp, Se and Score with the K×K confusion (<see cref="IcbhiScore"/>), accuracy, each
/// class's recall, and the ROC AUC of abnormal vs normal with P(abnormal) = 1 − P(normal) as the score.</summary>
public sealed record CyclesReport(IcbhiScore Icbhi, IReadOnlyList<string> Classes, double? Accuracy, IReadOnlyList<double?> Recall, double? AbnormalAuc)
    : ValidationReport
{
    public static CyclesReport Of(LearningTask task, IReadOnlyList<ChunkPrediction> predictions)
    {
        if (!task.IsCycles()) throw new ArgumentException($"{task.CliName()} is not a cycles task", nameof(task));
        int k = task.OutputCount();
        var truth = predictions.Select(p => ClassIndex.ArgMax(p.Labels)).ToArray();
        var predicted = predictions.Select(p => ClassIndex.ArgMax(p.Probabilities)).ToArray();
        var icbhi = IcbhiScore.FromClasses(truth, predicted, k);
        var cm = icbhi.Confusion;
        var recall = Enumerable.Range(0, k).Select(c => Ratio.Of(cm[c][c], cm[c].Sum())).ToArray();
        var auc = Ranking.RocAuc(truth.Select(t => t > 0).ToArray(), predictions.Select(p => 1.0 - p.Probabilities[0]).ToArray());
        return new CyclesReport(icbhi, ClassIndex.Names(task), Ratio.Of(Enumerable.Range(0, k).Sum(c => cm[c][c]), predictions.Count), recall, auc);
    }

    public override IReadOnlyDictionary<string, double?> Flatten()
    {
        var d = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["icbhi_score"] = Icbhi.Score,
            ["icbhi_sensitivity"] = Icbhi.Sensitivity,
            ["icbhi_specificity"] = Icbhi.Specificity,
            ["accuracy"] = Accuracy,
            ["abnormal_auc"] = AbnormalAuc,
        };
        for (int c = 0; c < Classes.Count; c++) d[$"{Classes[c]}_recall"] = Recall[c];
        return d;
    }
}
