using System.Globalization;
using ScottPlot;

namespace DataflowLung.Experiments.Plots;

/// <summary>ROC curves (one per level or output) with the chance diagonal, as a PNG; each curve with its
/// bootstrap band (<see cref="RocBand"/>) shaded where one was computed.</summary>
public static class RocPlot
{
    public sealed record Entry(string Name, RocCurve Curve, double Auc, RocBand? Band = null, string? Interval = null);

    public static void Save(string path, string title, IReadOnlyList<Entry> entries, int size = 640)
    {
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance";
        foreach (var e in entries)
        {
            var line = plot.Add.Scatter(e.Curve.FalsePositiveRate, e.Curve.TruePositiveRate);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = double.IsNaN(e.Auc) ? $"{e.Name} (AUC n/a)" : $"{e.Name} (AUC {e.Auc.ToString("0.000", CultureInfo.InvariantCulture)}{(e.Interval is null ? "" : " " + e.Interval)})";
            if (e.Band is { } band)
            {
                var outline = band.FalsePositiveRate.Zip(band.Upper, (x, y) => new Coordinates(x, y))
                    .Concat(band.FalsePositiveRate.Zip(band.Lower, (x, y) => new Coordinates(x, y)).Reverse()).ToArray();
                var shade = plot.Add.Polygon(outline);
                shade.FillColor = line.Color.WithAlpha(0.18);
                shade.LineWidth = 0;
            }
        }
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.Title(title);
        plot.XLabel("false positive rate (1 − specificity)");
        plot.YLabel("true positive rate (sensitivity)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, size, size);
    }
}
