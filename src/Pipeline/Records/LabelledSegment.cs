using LanguageExt;

namespace DataflowLung.Pipeline;

/// <summary>One annotated stretch of a recording that gives one sample in per-segment chunking (an ICBHI breathing
/// cycle, a SPRSound event), with the label vector the task gives it. <see cref="Event"/>, when set, fixes the sample
/// range exactly (<see cref="EventAnnotation.Samples"/>, the rule the dataset's own clips follow); a cycle's range is
/// its times in seconds rounded to the nearest sample, as it always was.</summary>
public sealed record LabelledSegment(double Start, double End, float[] Labels, Option<EventAnnotation> Event = default)
{
    public static LabelledSegment OfCycle(CycleAnnotation cycle, float[] labels) => new(cycle.Start, cycle.End, labels);

    public static LabelledSegment OfEvent(EventAnnotation e, float[] labels) => new(e.Start.TotalSeconds, e.End.TotalSeconds, labels, e);

    /// <summary>The segment's samples [From, To) in a recording of <paramref name="samples"/> samples (To clipped to it;
    /// empty when To ≤ From).</summary>
    public (int From, int To) Range(int samples, int sampleRate) => Event.Match(
        e =>
        {
            var (from, to) = e.Samples(sampleRate);
            return ((int)Math.Min(from, samples), (int)Math.Min(to, samples));
        },
        () => ((int)Math.Round(Start * sampleRate), Math.Min(samples, (int)Math.Round(End * sampleRate))));
}
