using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Cuts a decoded recording into labelled fixed-length chunks, as the original did.
/// <list type="bullet">
/// <item>Windows of <c>audio_length</c> every <c>step_size</c> while a whole window fits; then the first window
/// that runs past the end (its piece is shorter than a window) is kept when the piece is at least half a window
/// (a piece of exactly half as <see cref="ChunkParams.LastChunk"/> says: kept by default, so a 10 s clip gives [0, 10)
/// and the 5 s piece from 5 s; dropped under <c>last_chunk drop</c>, the original trainers' rule),
/// zero-padded (the tiling branch of <see cref="ChunkPadding"/> cannot apply to it because of that rule).
/// A recording shorter than one window is that one piece; with <see cref="ChunkParams.ShortRecordingMinSeconds"/> set,
/// a shorter piece down to that length is kept too, tiled when under half a window (predict and evaluate).</item>
/// <item>Names <c>&lt;recording&gt;_0, _1, …</c>; the last chunk is always <c>_99</c>. <c>NoPad</c> drops the padded one.</item>
/// <item>Labels: the task's (<see cref="LearningTask.WindowLabels"/>) over the nominal window, e.g. pneumonia
/// <c>[recording label]</c>, cw <c>[crackles, wheezes]</c> by <see cref="CycleLabeler"/> or the recording-level flags
/// where a dataset has no cycles (Jordan), the cycles tasks one-hot over their classes.</item>
/// <item>Per-cycle mode (<see cref="ChunkParams.PerCycle"/>, always for a <see cref="LearningTask.PerCycleOnly"/> task): one sample per annotated
/// segment the task reads from the recording (<see cref="LearningTask.Segments"/>: its cycles, or its events), fitted to the
/// window as <see cref="ChunkParams.CycleFit"/> says (cropped; padded, or repeated), named <c>&lt;recording&gt;_c&lt;i&gt;</c>,
/// labelled by that segment; recordings without segments fall back to windows.</item>
/// <item>Recordings without the task's labels (<see cref="LearningTask.IsUsable"/>) give no chunks.</item>
/// </list></summary>
public static class Chunker
{
    public const int LastChunkNumber = 99;

    public static int WindowSamples(int sampleRate, ChunkParams p) => Math.Max(1, (int)Math.Round(p.AudioLengthSeconds * sampleRate));

    public static int StepSamples(int sampleRate, ChunkParams p) => Math.Max(1, (int)Math.Round(p.StepSeconds * sampleRate));

    /// <summary>The chunk count without cutting: full = ⌊(n − W) / S⌋ + 1 when n ≥ W (else 0); the piece after
    /// them, n − full·S samples, adds one chunk when it is at least W / 2 (<see cref="KeepsLastPiece"/>).</summary>
    public static int Count(int samples, int sampleRate, ChunkParams p)
    {
        int w = WindowSamples(sampleRate, p), s = StepSamples(sampleRate, p);
        int full = samples >= w ? (samples - w) / s + 1 : 0;
        long rest = samples - (long)full * s;
        int count = full + (KeepsLastPiece(rest, w, p.LastChunk) ? 1 : 0);
        return count == 0 && IsPaddedShortRecording(samples, sampleRate, p) ? 1 : count;
    }

    /// <summary>The last-piece rule: a piece longer than half a window is kept, a shorter one dropped, and one of
    /// exactly half as <paramref name="rule"/> says (<see cref="LastChunk"/>).</summary>
    public static bool KeepsLastPiece(long pieceSamples, int windowSamples, LastChunk rule = LastChunk.Keep) =>
        pieceSamples > 0 && (rule == LastChunk.Keep ? 2 * pieceSamples >= windowSamples : 2 * pieceSamples > windowSamples);

    /// <summary>A recording that no window rule keeps but <see cref="ChunkParams.ShortRecordingMinSeconds"/> does:
    /// it becomes one chunk of its whole length, padded.</summary>
    internal static bool IsPaddedShortRecording(long samples, int sampleRate, ChunkParams p) =>
        p.ShortRecordingMinSeconds is { } min && samples > 0 && samples >= Math.Round(min * sampleRate);

    /// <summary>The windows of a recording of <paramref name="samples"/> samples (see the class summary).</summary>
    public static Seq<ChunkWindow> Windows(int samples, int sampleRate, ChunkParams p)
    {
        int w = WindowSamples(sampleRate, p), s = StepSamples(sampleRate, p);
        var windows = new List<ChunkWindow>();
        int start = 0;
        for (; (long)start + w <= samples; start += s)
            windows.Add(new ChunkWindow(windows.Count, start, w, false, false));
        int rest = samples - start;
        if (KeepsLastPiece(rest, w, p.LastChunk))
            windows.Add(new ChunkWindow(windows.Count, start, rest, true, false));
        if (windows.Count == 0 && IsPaddedShortRecording(samples, sampleRate, p))
            windows.Add(new ChunkWindow(0, 0, samples, true, false));
        if (windows.Count > 0)
            windows[^1] = windows[^1] with { IsLast = true };
        return toSeq(windows);
    }

    public static string ChunkName(string recording, ChunkWindow w) =>
        $"{recording}_{(w.IsLast ? LastChunkNumber : w.Index)}";

    /// <summary>Whether recordings with cycle annotations give one sample per cycle.</summary>
    public static bool IsPerCycle(ChunkParams p, LearningTask task) => p.PerCycle || task.PerCycleOnly;

    public static Seq<Chunk> Chunk(RecordingRef rec, float[] samples, int sampleRate, ChunkParams p, LearningTask task)
    {
        if (!task.IsUsable(rec)) return Empty;
        if (IsPerCycle(p, task) && task.Segments(rec).Case is Seq<LabelledSegment> segments) return PerSegment(rec, samples, sampleRate, p, segments);

        int w = WindowSamples(sampleRate, p);
        var chunks = new List<Chunk>();
        foreach (var win in Windows(samples.Length, sampleRate, p))
        {
            if (p.NoPad && win.Padded) continue;
            var buffer = new float[w];
            ChunkPadding.Fill(samples.AsSpan(win.Start, win.Length), buffer);
            double start = (double)win.Start / sampleRate;
            var labels = task.WindowLabels(rec, p, start, start + p.AudioLengthSeconds);
            chunks.Add(new Chunk(rec, win.Index, ChunkName(rec.Name, win), buffer, sampleRate,
                start, (double)(win.Start + win.Length) / sampleRate, labels, win.Padded, win.IsLast));
        }
        return toSeq(chunks);
    }

    static Seq<Chunk> PerSegment(RecordingRef rec, float[] samples, int sampleRate, ChunkParams p, Seq<LabelledSegment> segments)
    {
        int w = WindowSamples(sampleRate, p);
        var usable = Pieces(segments, samples.Length, sampleRate);
        var chunks = new List<Chunk>(usable.Length);
        for (int i = 0; i < usable.Length; i++)
        {
            var (segment, from, to) = usable[i];
            var buffer = new float[w];
            bool padded = p.CycleFit == CycleFit.Repeat
                ? CycleRepeatFit.Fill(samples, from, to, buffer, sampleRate)
                : ChunkPadding.Fill(samples.AsSpan(from, to - from), buffer);
            if (p.NoPad && padded) continue;
            chunks.Add(new Chunk(rec, i, $"{rec.Name}_c{i}", buffer, sampleRate,
                (double)from / sampleRate, (double)to / sampleRate, segment.Labels, padded, i == usable.Length - 1));
        }
        return toSeq(chunks);
    }

    /// <summary>The label vectors <see cref="Chunk"/> gives a recording of <paramref name="samples"/> samples at
    /// <paramref name="sampleRate"/>, in chunk order, without any audio: what class weights and oversampling need
    /// before training (the sample count comes from a header probe).</summary>
    public static Seq<float[]> LabelsOnly(RecordingRef rec, int samples, int sampleRate, ChunkParams p, LearningTask task) =>
        toSeq(Outline(rec, samples, sampleRate, p, task).Select(x => x.Labels).ToArray());

    /// <summary>The chunks <see cref="Chunk"/> cuts from a recording of <paramref name="samples"/> samples, without
    /// audio: each chunk's name, labels and whether it is padded, from the same windows and cycle pieces.</summary>
    public static IEnumerable<(string Name, float[] Labels, bool Padded)> Outline(RecordingRef rec, int samples, int sampleRate, ChunkParams p, LearningTask task)
    {
        if (!task.IsUsable(rec)) yield break;
        int w = WindowSamples(sampleRate, p);
        if (IsPerCycle(p, task) && task.Segments(rec).Case is Seq<LabelledSegment> segments)
        {
            var pieces = Pieces(segments, samples, sampleRate);
            for (int i = 0; i < pieces.Length; i++)
            {
                bool padded = pieces[i].To - pieces[i].From < w; // ChunkPadding.Fill pads exactly the pieces shorter than the window
                if (p.NoPad && padded) continue;
                yield return ($"{rec.Name}_c{i}", pieces[i].Segment.Labels, padded);
            }
            yield break;
        }
        foreach (var win in Windows(samples, sampleRate, p))
        {
            if (p.NoPad && win.Padded) continue;
            double start = (double)win.Start / sampleRate;
            yield return (ChunkName(rec.Name, win), task.WindowLabels(rec, p, start, start + p.AudioLengthSeconds), win.Padded);
        }
    }

    /// <summary>Why a recording gives no sample at all in per-segment mode though it has annotated segments: none of
    /// them lies inside the recording (a cut recording, or an annotation file of another recording; issue 23). Null
    /// when it gives samples, or is not cut per segment. The flow faults such a recording and the class census skips it
    /// with this reason, so it is listed in files_skipped instead of vanishing from the counts.</summary>
    public static string? NoSegmentInside(RecordingRef rec, int samples, int sampleRate, ChunkParams p, LearningTask task)
    {
        if (!task.IsUsable(rec) || !IsPerCycle(p, task) || task.Segments(rec).Case is not Seq<LabelledSegment> segments || segments.IsEmpty) return null;
        if (Pieces(segments, samples, sampleRate).Length > 0) return null;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"none of its {segments.Count} annotated segment(s) lies inside the recording ({(double)samples / sampleRate:0.###} s long; " +
            $"they span {segments.Min(s => s.Start):0.###}–{segments.Max(s => s.End):0.###} s): nothing of it can be trained on or scored");
    }

    /// <summary>The annotated segments as sample ranges inside the recording (empty ones dropped).</summary>
    internal static (LabelledSegment Segment, int From, int To)[] Pieces(Seq<LabelledSegment> segments, int samples, int sampleRate) =>
        segments
            .Map(x => (Segment: x, Range: x.Range(samples, sampleRate)))
            .Filter(x => x.Range.To > x.Range.From)
            .Map(x => (x.Segment, x.Range.From, x.Range.To))
            .ToArray();
}
