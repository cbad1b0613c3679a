using ScottPlot;

namespace DataflowLung.Experiments.Plots;

/// <summary>Per-epoch curves (losses, metrics) as a PNG. NaN points (a metric undefined in some epoch) are
/// left out of their line rather than drawn as zero.</summary>
public static class CurvePlot
{
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<CurveSeries> series,
        int width = 900, int height = 540, double? markBestX = null)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var points = s.X.Zip(s.Y).Where(p => !double.IsNaN(p.Item2) && !double.IsInfinity(p.Item2)).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.Item1).ToArray(), points.Select(p => p.Item2).ToArray());
            line.LegendText = s.Name;
            line.LineWidth = 2;
            line.MarkerSize = points.Length <= 60 ? 6 : 0;
        }
        if (markBestX is { } best)
        {
            var marker = plot.Add.VerticalLine(best);
            marker.LinePattern = LinePattern.Dashed;
            marker.Color = Colors.Gray;
            marker.LegendText = "best epoch";
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, width, height);
    }
}
