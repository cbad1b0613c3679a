using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Datasets;

/// <summary>Chunking properties over arbitrary lengths, rates, windows and steps (step ≤ window).</summary>
public sealed class ChunkerProperties
{
    static (int Samples, int Rate, ChunkParams P) Case(int n, int rate, int window, int step)
    {
        int r = 10 + Math.Abs(rate % 200);
        double w = 0.5 + Math.Abs(window % 40) / 4.0;
        double s = Math.Max(0.1, w * (1 + Math.Abs(step % 10)) / 10.0);
        return (Math.Abs(n % 20_000), r, new ChunkParams(AudioLengthSeconds: w, StepSeconds: s));
    }

    [Property(MaxTest = 300)]
    public bool Every_sample_lands_in_a_chunk_unless_dropped_by_the_half_window_rule(int n, int rate, int window, int step)
    {
        var (samples, r, p) = Case(n, rate, window, step);
        var windows = Chunker.Windows(samples, r, p).ToArray();
        var covered = new bool[samples];
        foreach (var w in windows)
            for (int i = w.Start; i < w.Start + w.Length; i++) covered[i] = true;
        int firstUncovered = Array.IndexOf(covered, false);
        if (firstUncovered < 0) return true;
        // Only a suffix can be uncovered, and only when it is under half a window (the dropped piece).
        return covered.Skip(firstUncovered).All(c => !c) && 2L * (samples - firstUncovered) < Chunker.WindowSamples(r, p);
    }

    [Property(MaxTest = 300)]
    public bool Count_formula_matches_the_chunks_cut(int n, int rate, int window, int step)
    {
        var (samples, r, p) = Case(n, rate, window, step);
        var chunks = Chunker.Chunk(Recordings.Plain(), new float[samples], r, p, TaskRegistry.Pneumonia);
        return Chunker.Count(samples, r, p) == chunks.Count
            && chunks.All(c => c.Samples.Length == Chunker.WindowSamples(r, p))
            && chunks.Count(c => c.IsLast) == (chunks.IsEmpty ? 0 : 1)
            && chunks.Count(c => c.Padded) <= 1
            && (chunks.IsEmpty || chunks.Last.Name.EndsWith("_99", StringComparison.Ordinal));
    }

    [Property(MaxTest = 200)]
    public bool Chunk_content_is_the_source_at_its_offset(int n, int rate, int window, int step)
    {
        var (samples, r, p) = Case(n, rate, window, step);
        var source = Recordings.Ramp(samples);
        var windows = Chunker.Windows(samples, r, p).ToArray();
        var chunks = Chunker.Chunk(Recordings.Plain(), source, r, p, TaskRegistry.Pneumonia).ToArray();
        return windows.Length == chunks.Length && Enumerable.Range(0, windows.Length).All(i =>
            chunks[i].Samples.Take(windows[i].Length).SequenceEqual(source.Skip(windows[i].Start).Take(windows[i].Length))
            && chunks[i].Samples.Skip(windows[i].Length).All(v => v == 0f));
    }

    /// <summary><c>last_chunk</c> only decides a last piece of exactly half a window: drop cuts the same windows as keep,
    /// less such a piece, and every other recording is cut identically. The lengths are built around the rule: a
    /// whole number of steps plus a last piece of half a window, plus or minus a sample.</summary>
    [Property(MaxTest = 300)]
    public bool Last_chunk_drop_differs_from_keep_only_by_a_piece_of_exactly_half_a_window(int rate, int window, int step, int fullWindows, int nudge)
    {
        var (_, r, keep) = Case(0, rate, window, step);
        var drop = keep with { LastChunk = LastChunk.Drop };
        int w = Chunker.WindowSamples(r, keep), s = Chunker.StepSamples(r, keep);
        int full = Math.Abs(fullWindows % 6);
        // k steps plus half a window: the last piece is exactly half when the window is even and the step ≥ half of it.
        int samples = Math.Max(0, full * s + w / 2 + Math.Abs(nudge % 3) - 1);
        var kept = Chunker.Windows(samples, r, keep).ToArray();
        var dropped = Chunker.Windows(samples, r, drop).ToArray();
        bool exactHalf = kept.Length > 0 && kept[^1].Padded && 2L * kept[^1].Length == w;
        bool countsAgree = Chunker.Count(samples, r, drop) == dropped.Length;
        if (!exactHalf) return countsAgree && kept.SequenceEqual(dropped);
        var expected = kept[..^1].Select((x, i) => i == kept.Length - 2 ? x with { IsLast = true } : x).ToArray();
        return countsAgree && expected.SequenceEqual(dropped);
    }
}
