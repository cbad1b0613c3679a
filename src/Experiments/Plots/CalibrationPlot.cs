using System.Globalization;
using DataflowLung.Pipeline.Metrics;
using ScottPlot;

namespace DataflowLung.Experiments.Plots;

/// <summary>The reliability diagram: per probability bin, the observed positive fraction against the mean predicted
/// probability (one line per level or output, points sized by nothing but labelled with the Brier score), and the
/// diagonal of perfect calibration.</summary>
public static class CalibrationPlot
{
    public sealed record Entry(string Name, IReadOnlyList<Calibration.Bin> Bins, double? Brier);

    public static void Save(string path, string title, IReadOnlyList<Entry> entries, int size = 640)
    {
        var plot = new Plot();
        var perfect = plot.Add.Line(0, 0, 1, 1);
        perfect.LinePattern = LinePattern.Dashed;
        perfect.Color = Colors.Gray;
        perfect.LegendText = "perfectly calibrated";
        foreach (var e in entries.Where(e => e.Bins.Count > 0))
        {
            var line = plot.Add.Scatter(e.Bins.Select(b => b.MeanPredicted).ToArray(), e.Bins.Select(b => b.ObservedFraction).ToArray());
            line.LineWidth = 2;
            line.MarkerSize = 7;
            var brier = e.Brier is { } b ? b.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
            line.LegendText = $"{e.Name} (Brier {brier}, n {e.Bins.Sum(x => x.Count)})";
        }
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.Title(title);
        plot.XLabel("mean predicted probability (10 bins)");
        plot.YLabel("observed fraction positive");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, size, size);
    }
}
