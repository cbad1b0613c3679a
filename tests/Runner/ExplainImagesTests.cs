using DataflowLung.Experiments.Explain;
using SkiaSharp;

namespace DataflowLung.Tests.Runner;

/// <summary>The explanation images, pixel by pixel on hand-made inputs: one pixel per bin, low mels at the bottom,
/// the spectrogram in Viridis between its own minimum and maximum, the overlay a grey spectrogram with the map in Turbo
/// at 0.6 × its value's opacity, and a gallery image the spectrogram above its overlay.</summary>
public sealed class ExplainImagesTests
{
    // 2 mels × 3 frames, row-major [mel, frame]: minimum 0 at (0, 0), maximum 5 at (1, 2).
    static readonly float[] Values = [0, 1, 2, 3, 4, 5];
    static readonly float[] Map = [0, 0, 0, 0, 0.5f, 1];

    static SKColor Viridis(double level)
    {
        var c = new ScottPlot.Colormaps.Viridis().GetColor(level);
        return new SKColor(c.R, c.G, c.B);
    }

    static SKColor Overlay(double level, double map)
    {
        byte grey = (byte)Math.Round(48 + 207 * level);
        var c = new ScottPlot.Colormaps.Turbo().GetColor(map);
        double a = map * 0.6;
        byte Blend(byte over) => (byte)Math.Round(grey * (1 - a) + over * a);
        return new SKColor(Blend(c.R), Blend(c.G), Blend(c.B));
    }

    [Fact]
    public void A_spectrogram_is_one_viridis_pixel_per_bin_with_low_mels_at_the_bottom()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("sub", "s.png");
        ExplainImages.SaveSpectrogram(path, Values, mels: 2, frames: 3);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((3, 2), (bitmap.Width, bitmap.Height));
        for (int m = 0; m < 2; m++)
            for (int f = 0; f < 3; f++)
                Assert.Equal(Viridis(Values[m * 3 + f] / 5.0), bitmap.GetPixel(f, 1 - m));
    }

    [Fact]
    public void An_overlay_blends_the_map_over_a_grey_spectrogram_and_a_zero_map_leaves_the_grey()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("o.png");
        ExplainImages.SaveOverlay(path, Values, 2, 3, Map);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(new SKColor(48, 48, 48), bitmap.GetPixel(0, 1)); // value 0, map 0: the darkest grey
        for (int m = 0; m < 2; m++)
            for (int f = 0; f < 3; f++)
                Assert.Equal(Overlay(Values[m * 3 + f] / 5.0, Map[m * 3 + f]), bitmap.GetPixel(f, 1 - m));
    }

    [Fact]
    public void A_gallery_image_is_the_spectrogram_above_its_overlay()
    {
        using var tmp = new TempFolder();
        var gallery = tmp.Combine("g.png");
        ExplainImages.SaveGallery(gallery, Values, 2, 3, Map);
        using var bitmap = SKBitmap.Decode(gallery);
        Assert.Equal((3, 4), (bitmap.Width, bitmap.Height));
        for (int m = 0; m < 2; m++)
            for (int f = 0; f < 3; f++)
            {
                Assert.Equal(Viridis(Values[m * 3 + f] / 5.0), bitmap.GetPixel(f, 1 - m));
                Assert.Equal(Overlay(Values[m * 3 + f] / 5.0, Map[m * 3 + f]), bitmap.GetPixel(f, 2 + 1 - m));
            }
    }

    [Fact]
    public void A_map_of_the_wrong_size_is_refused()
    {
        using var tmp = new TempFolder();
        Assert.Throws<ArgumentException>(() => ExplainImages.SaveOverlay(tmp.Combine("x.png"), Values, 2, 3, [0, 1]));
    }
}
