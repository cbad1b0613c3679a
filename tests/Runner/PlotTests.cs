using DataflowLung.Pipeline;
using DataflowLung.Experiments.Plots;
using SkiaSharp;

namespace DataflowLung.Tests.Runner;

/// <summary>Each plot renders a real PNG on this machine (decodable, the requested size, not blank).</summary>
public sealed class PlotTests
{
    private static void AssertRendered(string path, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 7)
            for (var x = 0; x < bitmap.Width; x += 7)
                colours.Add(bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 20, $"{path} looks blank ({colours.Count} colours)");
    }

    [Fact]
    public void Curves_roc_confusion_and_spectrogram_render_as_png()
    {
        using var tmp = new TempFolder();
        var epochs = new double[] { 1, 2, 3, 4 };
        CurvePlot.Save(tmp.Combine("loss.png"), "loss", "epoch", "BCE",
            [new CurveSeries("train", epochs, [0.7, 0.5, 0.4, 0.35]), new CurveSeries("validation", epochs, [0.69, 0.55, double.NaN, 0.5])],
            markBestX: 3);
        AssertRendered(tmp.Combine("loss.png"), 900, 540);

        var scores = new double[] { 0.9, 0.7, 0.6, 0.4, 0.2, 0.1 };
        var labels = new[] { true, true, false, true, false, false };
        RocPlot.Save(tmp.Combine("roc.png"), "ROC", [new RocPlot.Entry("chunk", RocCurve.Compute(scores, labels), DataflowLung.Pipeline.Metrics.Ranking.RocAuc(labels, scores) ?? double.NaN)]);
        AssertRendered(tmp.Combine("roc.png"), 640, 640);

        ConfusionMatrixPlot.Save(tmp.Combine("cm.png"), "confusion", [[40, 2], [0, 2]], ["negative", "positive"]);
        AssertRendered(tmp.Combine("cm.png"), 740, 640);

        const int mels = 32, frames = 100;
        var values = new float[mels * frames];
        for (var m = 0; m < mels; m++)
            for (var f = 0; f < frames; f++)
                values[m * frames + f] = (float)Math.Sin(m * 0.3 + f * 0.1);
        SpectrogramPlot.Save(tmp.Combine("spec.png"), "spectrogram", values, mels, frames, 0.032,
            [new CycleAnnotation(0.2, 1.4, true, false), new CycleAnnotation(1.5, 2.9, false, true)]);
        AssertRendered(tmp.Combine("spec.png"), 1200, 480);
    }

    [Fact]
    public void A_confusion_matrix_that_is_not_square_is_refused()
    {
        using var tmp = new TempFolder();
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Save(tmp.Combine("x.png"), "x", [[1, 2], [3]], ["a", "b"]));
    }
}
