using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Augment;

/// <summary>SpecAugment on a <c>[Mels, Frames]</c> spectrogram: optional time warp, then time and
/// frequency masks filled with the (warped) spectrogram's mean or zero.</summary>
public static class SpecAugment
{
    public const string Kind = "specaugment";

    /// <summary>Draws the warp (when on and the clip is long enough) then the time bands, then the
    /// frequency bands; each width uniform in 0..max, each start uniform where the band fits.</summary>
    public static SpecMasks PlanMasks(int mels, int frames, SpecAugmentParams p, long seed)
    {
        var rng = SeededRandom.For(seed);
        int centre = 0, shift = 0;
        if (p.TimeWarp > 0 && frames > 2 * p.TimeWarp + 3)
        {
            // Centre kept off the edges so the warped centre stays strictly inside the clip.
            centre = rng.NextIntInclusive(p.TimeWarp + 1, frames - p.TimeWarp - 2);
            shift = rng.NextIntInclusive(-p.TimeWarp, p.TimeWarp);
        }
        var time = Bands(rng, p.TimeMasks, p.MaxTimeWidth, frames);
        var frequency = Bands(rng, p.FreqMasks, p.MaxFreqWidth, mels);
        return new SpecMasks(time, frequency, centre, shift);
    }

    static Seq<MaskBand> Bands(SeededRandom rng, int count, int maxWidth, int size)
    {
        var bands = new MaskBand[count];
        for (int i = 0; i < count; i++)
        {
            int width = rng.NextIntInclusive(0, Math.Min(maxWidth, size));
            bands[i] = new MaskBand(rng.NextIntInclusive(0, size - width), width);
        }
        return toSeq(bands);
    }

    /// <summary>Applies a drawn plan to row-major <c>[mels, frames]</c> values.</summary>
    public static float[] Apply(float[] values, int mels, int frames, SpecMasks masks, SpecMaskValue fill)
    {
        var warped = masks.WarpShift == 0 ? (float[])values.Clone() : Warp(values, mels, frames, masks.WarpCentre, masks.WarpShift);
        float value = fill == SpecMaskValue.Zero ? 0f : Mean(warped);
        for (int m = 0; m < mels; m++)
            for (int f = 0; f < frames; f++)
                if (masks.Masks(m, f)) warped[m * frames + f] = value;
        return warped;
    }

    /// <summary>The augmenter: a masked (and possibly warped) copy named <c>specaugment(&lt;name&gt;)</c>.</summary>
    public static Features Augment(Features x, SpecAugmentParams p, long seed) =>
        x with
        {
            Values = Apply(x.Values, x.Mels, x.Frames, PlanMasks(x.Mels, x.Frames, p, seed), p.MaskValue),
            Name = $"{Kind}({x.Name})",
            Augmentation = Kind,
            AugmentSeed = seed,
        };

    /// <summary>Which pool entries get a masked copy: class <c>p.Label</c> (−1 = all), int(n × quantity) by cyclic draw.</summary>
    public static IReadOnlyList<int> PlanSelection(IReadOnlyList<(int Index, float Label)> pool, SpecAugmentParams p, long seed)
    {
        var eligible = pool.Where(e => p.Label == -1 || CyclicDraw.ClassOf(e.Label) == p.Label).Select(e => e.Index).ToList();
        return CyclicDraw.Take(eligible, (int)(eligible.Count * p.Quantity), SeededRandom.For(seed));
    }

    static float Mean(float[] values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return values.Length == 0 ? 0f : (float)(sum / values.Length);
    }

    /// <summary>Piecewise-linear time warp: frame <paramref name="centre"/> moves to centre + shift, both
    /// halves stretched linearly, every mel row resampled by linear interpolation.</summary>
    static float[] Warp(float[] values, int mels, int frames, int centre, int shift)
    {
        var result = new float[values.Length];
        int target = centre + shift;
        for (int t = 0; t < frames; t++)
        {
            double source = t <= target
                ? t * (double)centre / target
                : centre + (t - target) * (double)(frames - 1 - centre) / (frames - 1 - target);
            int left = Math.Min((int)source, frames - 1), right = Math.Min(left + 1, frames - 1);
            double alpha = source - left;
            for (int m = 0; m < mels; m++)
            {
                int row = m * frames;
                result[row + t] = (float)((1 - alpha) * values[row + left] + alpha * values[row + right]);
            }
        }
        return result;
    }
}
