using System.Globalization;
using ScottPlot;

namespace DataflowLung.Experiments.Plots;

/// <summary>A confusion matrix as a heat map (colour = row-normalised share, so rare classes stay visible),
/// each cell labelled with its count and share. Rows are the truth, columns the prediction.</summary>
public static class ConfusionMatrixPlot
{
    public static void Save(string path, string title, long[][] matrix, IReadOnlyList<string> classNames, int size = 640)
    {
        var n = matrix.Length;
        if (n == 0 || matrix.Any(r => r.Length != n) || classNames.Count != n)
            throw new ArgumentException($"confusion matrix must be square with one name per class (got {n} rows, {classNames.Count} names)");
        var share = new double[n, n];
        for (var t = 0; t < n; t++)
        {
            var rowTotal = matrix[t].Sum();
            for (var p = 0; p < n; p++)
                share[t, p] = rowTotal == 0 ? 0 : (double)matrix[t][p] / rowTotal;
        }
        var plot = new Plot();
        var heat = plot.Add.Heatmap(share);
        heat.Colormap = new ScottPlot.Colormaps.Blues().Reversed(); // dark = large share, as printed matrices read
        heat.ManualRange = new ScottPlot.Range(0, 1);
        // Cell (t, p) is centred on x = p, y = n − 1 − t: truth reads top to bottom as in a printed matrix.
        heat.Position = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        for (var t = 0; t < n; t++)
        {
            for (var p = 0; p < n; p++)
            {
                var label = plot.Add.Text($"{matrix[t][p]}\n{(100 * share[t, p]).ToString("0.0", CultureInfo.InvariantCulture)} %", p, n - 1 - t);
                label.LabelFontSize = 18;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = share[t, p] > 0.5 ? Colors.White : Colors.Black;
            }
        }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, classNames.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            positions, Enumerable.Range(0, n).Select(i => classNames[n - 1 - i]).ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Add.ColorBar(heat);
        plot.SavePng(path, size + 100, size);
    }
}
