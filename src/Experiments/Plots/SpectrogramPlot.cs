using DataflowLung.Pipeline;
using ScottPlot;

namespace DataflowLung.Experiments.Plots;

/// <summary>A log-mel spectrogram (row-major [mels, frames]) as a heat map over time in seconds, low
/// mels at the bottom, with annotated respiratory cycles drawn on it: each cycle's start and end as lines,
/// crackle cycles shaded red, wheeze cycles blue (both: purple).</summary>
public static class SpectrogramPlot
{
    public static void Save(string path, string title, float[] values, int mels, int frames, double secondsPerFrame,
        IReadOnlyList<CycleAnnotation> cycles, double offsetSeconds = 0, int width = 1200, int height = 480)
    {
        if (values.Length != mels * frames)
            throw new ArgumentException($"spectrogram holds {values.Length} values, expected {mels} × {frames}");
        var image = new double[mels, frames];
        for (var m = 0; m < mels; m++)
            for (var f = 0; f < frames; f++)
                image[mels - 1 - m, f] = values[m * frames + f];
        var plot = new Plot();
        var heat = plot.Add.Heatmap(image);
        heat.Colormap = new ScottPlot.Colormaps.Viridis();
        var end = offsetSeconds + frames * secondsPerFrame;
        heat.Position = new CoordinateRect(offsetSeconds, end, 0, mels);
        foreach (var c in cycles.Where(c => c.End > offsetSeconds && c.Start < end))
        {
            var start = Math.Max(c.Start, offsetSeconds);
            var stop = Math.Min(c.End, end);
            if (c.Crackles || c.Wheezes)
            {
                var span = plot.Add.HorizontalSpan(start, stop);
                var colour = c.Crackles && c.Wheezes ? Colors.Purple : c.Crackles ? Colors.Red : Colors.Blue;
                span.FillStyle.Color = colour.WithAlpha(0.25);
                span.LineStyle.Width = 0;
            }
            foreach (var x in new[] { start, stop })
            {
                var edge = plot.Add.VerticalLine(x);
                edge.Color = Colors.White;
                edge.LineWidth = 1;
            }
        }
        plot.Axes.SetLimits(offsetSeconds, end, 0, mels);
        plot.Title(title);
        plot.XLabel("time (s)");
        plot.YLabel("mel band");
        plot.Add.ColorBar(heat);
        plot.SavePng(path, width, height);
    }
}
