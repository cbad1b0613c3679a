using LanguageExt;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Crackle/wheeze labels of a window from the annotated cycles, as the original did: cycles shorter
/// than <see cref="ChunkParams.MinCycleSeconds"/> are ignored; a cycle counts when its overlap with the window
/// is at least T = overlap_threshold × window length (this covers a window inside a long cycle, a cycle
/// inside the window and partial overlaps alike); the result is the OR over counted cycles.</summary>
public static class CycleLabeler
{
    // Annotations carry 3–4 decimals; without a tolerance an overlap of exactly T (e.g. 1.5 s at 0.15 × 10 s)
    // could fall either side of the threshold through rounding.
    const double Tolerance = 1e-9;

    public static (bool Crackles, bool Wheezes) Label(Seq<CycleAnnotation> cycles, double start, double end, ChunkParams p)
    {
        double threshold = p.OverlapThreshold * p.AudioLengthSeconds;
        bool crackles = false, wheezes = false;
        foreach (var c in cycles)
        {
            if (c.Duration < p.MinCycleSeconds - Tolerance) continue;
            double overlap = Math.Min(end, c.End) - Math.Max(start, c.Start);
            if (overlap <= 0 || overlap < threshold - Tolerance) continue;
            crackles |= c.Crackles;
            wheezes |= c.Wheezes;
        }
        return (crackles, wheezes);
    }

    /// <summary>The 4-class index the cw reports use: none 0, crackles 1, wheezes 2, both 3.</summary>
    public static int ClassIndex(bool crackles, bool wheezes) => (crackles ? 1 : 0) + (wheezes ? 2 : 0);

    public static readonly Seq<string> ClassNames = LanguageExt.Prelude.Seq("none", "crackles", "wheezes", "both");
}
