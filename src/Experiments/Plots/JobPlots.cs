using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Plots;

/// <summary>Every figure of a job folder's <c>plots/</c>: loss and metric curves per epoch (from metrics.csv),
/// ROC curves and confusion matrices per level (from the validation predictions and metrics), and example
/// spectrograms of each class. Returns the files written.</summary>
public static class JobPlots
{
    public static IReadOnlyList<string> Curves(string plots, LearningTask task, IReadOnlyList<IReadOnlyDictionary<string, double>> epochs, int? bestEpoch)
    {
        if (epochs.Count == 0) return [];
        var x = epochs.Select(e => e["epoch"]).ToArray();
        CurveSeries Series(string column, string name) => new(name, x, epochs.Select(e => e.TryGetValue(column, out var v) ? v : double.NaN).ToArray());
        var loss = Path.Combine(plots, "loss.png");
        var metrics = Path.Combine(plots, "metrics.png");
        ParallelDrawing.Run([
            () => CurvePlot.Save(loss, "loss per epoch", "epoch", "loss", [Series("train_loss", "training"), Series("val_loss", "validation")], markBestX: bestEpoch),
            () => CurvePlot.Save(metrics, "validation metrics per epoch", "epoch", "value", task.CurveColumns.Select(c => Series(c.Column, c.Legend)).ToArray(), markBestX: bestEpoch)]);
        return [loss, metrics];
    }

    /// <summary>roc.png (with bootstrap bands when <paramref name="bootstrap"/> is given), calibration.png (reliability
    /// diagram with the Brier score) and the confusion matrices. The bootstrap bands, then the figures, are computed side
    /// by side (<see cref="ParallelDrawing"/>); the files and their order do not depend on it.</summary>
    public static IReadOnlyList<string> Validation(string plots, LearningTask task, IReadOnlyList<PredictionRow> predictions, ValidationMetrics val,
        BootstrapParams? bootstrap = null, string title = "validation")
    {
        var outputs = task.OutputNames;
        var curves = new List<(PredictionRow[] Rows, int Output, string Name, PredictionLevel Level, double[] Scores, bool[] Labels)>();
        var calibration = new List<CalibrationPlot.Entry>();
        foreach (var level in new[] { PredictionLevel.Chunk, PredictionLevel.Recording, PredictionLevel.Patient })
        {
            var rows = predictions.Where(r => r.Level == level).ToArray();
            for (var o = 0; o < outputs.Count; o++)
            {
                var output = o;
                var scores = rows.Select(r => r.Probabilities[output]).ToArray();
                var labels = rows.Select(r => r.Labels[output] >= 0.5).ToArray();
                var name = outputs.Count == 1 ? level.ToString().ToLowerInvariant() : $"{level.ToString().ToLowerInvariant()} {outputs[o]}";
                if (rows.Length > 0) calibration.Add(new CalibrationPlot.Entry(name, Calibration.Reliability(labels, scores), Calibration.Brier(labels, scores)));
                if (labels.Distinct().Count() >= 2) curves.Add((rows, output, name, level, scores, labels));
            }
        }
        var entries = ParallelDrawing.Map(curves, c =>
        {
            var band = bootstrap is null ? null
                : RocBand.Compute(c.Rows, r => r.PatientKey, r => r.Labels[c.Output] >= 0.5, r => r.Probabilities[c.Output], bootstrap);
            var interval = outputs.Count == 1 ? LevelOf(val, c.Level).Intervals?.GetValueOrDefault("auc") : null;
            return new RocPlot.Entry(c.Name, RocCurve.Compute(c.Scores, c.Labels), Ranking.RocAuc(c.Labels, c.Scores) ?? double.NaN, band,
                interval is { Low: { } lo, High: { } hi } ? MetricInterval.Bracket(lo, hi) : null);
        });
        var figures = new List<(string Path, Action Draw)>();
        if (entries.Length > 0)
        {
            var roc = Path.Combine(plots, "roc.png");
            figures.Add((roc, () => RocPlot.Save(roc, bootstrap is null ? $"{title} ROC" : $"{title} ROC ({bootstrap.Confidence:P0} patient-bootstrap bands)", entries)));
        }
        if (calibration.Count > 0)
        {
            var path = Path.Combine(plots, "calibration.png");
            figures.Add((path, () => CalibrationPlot.Save(path, $"{title} calibration (reliability diagram)", calibration)));
        }
        var classes = task.ClassNames;
        foreach (var (level, m) in new[] { ("chunk", val.Chunk), ("recording", val.Recording), ("patient", val.Patient) })
        {
            if (m.Count == 0 || m.Confusion.Length != classes.Count) continue;
            var path = Path.Combine(plots, $"confusion_{level}.png");
            figures.Add((path, () => ConfusionMatrixPlot.Save(path, $"{level} confusion matrix (threshold 0.5)", m.Confusion, classes.ToArray())));
        }
        ParallelDrawing.Run(figures.Select(f => f.Draw).ToArray());
        return figures.Select(f => f.Path).ToArray();
    }

    private static LevelMetrics LevelOf(ValidationMetrics val, PredictionLevel level) => level switch
    {
        PredictionLevel.Chunk => val.Chunk,
        PredictionLevel.Recording => val.Recording,
        _ => val.Patient,
    };

    public static IReadOnlyList<string> Examples(string plots, IReadOnlyList<SpectrogramExample> examples, double secondsPerFrame)
    {
        var figures = examples.Select(e =>
        {
            var path = Path.Combine(plots, $"example_{e.ClassName}_{Explain.ChunkOutcomeKinds.SafeName(e.Name)}.png");
            return (Path: path, Draw: (Action)(() =>
                SpectrogramPlot.Save(path, $"{e.Name} ({e.ClassName})", e.Values, e.Mels, e.Frames, secondsPerFrame, e.Cycles, e.StartSeconds)));
        }).ToArray();
        ParallelDrawing.Run(figures.Select(f => f.Draw).ToArray());
        return figures.Select(f => f.Path).ToArray();
    }
}
