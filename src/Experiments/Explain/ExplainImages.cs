using ScottPlot;
using SkiaSharp;

namespace DataflowLung.Experiments.Explain;

/// <summary>Pixel images of spectrograms for the explanation outputs, drawn straight with SkiaSharp (no axes: they
/// are many and small): one pixel block per time-frequency bin, low mels at the bottom. A spectrogram is coloured
/// with Viridis between its own minimum and maximum; a Grad-CAM overlay is the spectrogram in grey with the map in
/// Turbo on top, its opacity following the map's value (zero = not drawn).</summary>
public static class ExplainImages
{
    const int Scale = 1; // one pixel per bin: small files; the report page scales them up

    static readonly IColormap SpectrogramColours = new ScottPlot.Colormaps.Viridis();
    static readonly IColormap MapColours = new ScottPlot.Colormaps.Turbo();

    /// <summary>The spectrogram (top) and its Grad-CAM overlay (bottom) in one PNG; the spectrogram alone when no map.</summary>
    public static void SaveGallery(string path, float[] values, int mels, int frames, float[]? map)
    {
        var pixels = new SKColor[frames * Scale * mels * Scale * (map is null ? 1 : 2)];
        Draw(pixels, frames * Scale, 0, values, mels, frames, null);
        if (map is not null) Draw(pixels, frames * Scale, mels * Scale, values, mels, frames, map);
        Save(pixels, frames * Scale, path);
    }

    public static void SaveOverlay(string path, float[] values, int mels, int frames, float[] map)
    {
        var pixels = new SKColor[frames * Scale * mels * Scale];
        Draw(pixels, frames * Scale, 0, values, mels, frames, map);
        Save(pixels, frames * Scale, path);
    }

    public static void SaveSpectrogram(string path, float[] values, int mels, int frames)
    {
        var pixels = new SKColor[frames * Scale * mels * Scale];
        Draw(pixels, frames * Scale, 0, values, mels, frames, null);
        Save(pixels, frames * Scale, path);
    }

    /// <summary>Fills one mels × frames block of <paramref name="pixels"/> (row-major, <paramref name="width"/> wide)
    /// from row <paramref name="top"/>. The pixels are built in managed memory and handed to Skia in one call:
    /// <c>SKBitmap.SetPixel</c> per pixel was a native call each and made the explanation step of a job most of
    /// its fixed cost (docs/performance.md).</summary>
    static void Draw(SKColor[] pixels, int width, int top, float[] values, int mels, int frames, float[]? map)
    {
        if (values.Length != mels * frames) throw new ArgumentException($"spectrogram holds {values.Length} values, expected {mels} × {frames}");
        if (map is not null && map.Length != values.Length) throw new ArgumentException($"map holds {map.Length} values, expected {values.Length}");
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
            if (float.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        double range = max > min ? max - min : 1;
        for (int m = 0; m < mels; m++)
            for (int f = 0; f < frames; f++)
            {
                var v = values[m * frames + f];
                double level = float.IsFinite(v) ? (v - min) / range : 0;
                SKColor colour;
                if (map is null)
                {
                    var c = SpectrogramColours.GetColor(level);
                    colour = new SKColor(c.R, c.G, c.B);
                }
                else
                {
                    byte grey = (byte)Math.Round(48 + 207 * level); // lifted off black so the map's colours read on quiet bins
                    double a = Math.Clamp(map[m * frames + f], 0, 1) * 0.6;
                    var c = MapColours.GetColor(Math.Clamp(map[m * frames + f], 0, 1));
                    colour = new SKColor(Blend(grey, c.R, a), Blend(grey, c.G, a), Blend(grey, c.B, a));
                }
                int y0 = top + (mels - 1 - m) * Scale;
                for (int dy = 0; dy < Scale; dy++)
                    for (int dx = 0; dx < Scale; dx++)
                        pixels[(y0 + dy) * width + f * Scale + dx] = colour;
            }
    }

    static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round(under * (1 - alpha) + over * alpha);

    /// <summary>No row filter and zlib level 1: Skia's default (every filter tried per row, level 6) made the PNG
    /// encoder most of a job's explanation time, for files no smaller on these noisy spectrograms (measured on the
    /// 1-epoch job: 1.69 s → 0.58 s for 158 images, 11.5 → 11.6 MB; docs/performance.md).</summary>
    static readonly SKPngEncoderOptions FastPng = new(SKPngEncoderFilterFlags.None, 1);

    static void Save(SKColor[] pixels, int width, string path)
    {
        using var bitmap = new SKBitmap(width, pixels.Length / width);
        bitmap.Pixels = pixels;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var pixmap = bitmap.PeekPixels() ?? throw new InvalidOperationException("the bitmap has no pixels to encode");
        using var data = pixmap.Encode(FastPng) ?? throw new InvalidOperationException($"could not encode {path} as PNG");
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
