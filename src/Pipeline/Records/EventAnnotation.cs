namespace DataflowLung.Pipeline;

/// <summary>One annotated event of a recording (a breath phase, an adventitious sound, …) in the dataset's own words
/// (<see cref="Type"/>: SPRSound's "Normal", "Fine Crackle", …). Times run from the start of the recording as
/// <see cref="TimeSpan"/>s: exact to 100 ns, so whole milliseconds (as datasets write them) stay exact and sample
/// positions need no floating point.</summary>
public sealed record EventAnnotation(TimeSpan Start, TimeSpan End, string Type)
{
    public TimeSpan Duration => End - Start;

    /// <summary>The event's samples at <paramref name="sampleRate"/>: [⌊Start·sr⌋, ⌊End·sr⌋). Truncation is the rule
    /// SPRSound's own event clips are cut with (start_ms·sr/1000 in integers; exact at its 8 kHz, where every clip of
    /// the release is that slice of its recording).</summary>
    public (long Start, long End) Samples(int sampleRate) => (SampleAt(Start, sampleRate), SampleAt(End, sampleRate));

    // Int128: ticks × rate overflows a long only for hours at MHz rates, but the product must never wrap.
    static long SampleAt(TimeSpan t, int sampleRate) => (long)((Int128)t.Ticks * sampleRate / TimeSpan.TicksPerSecond);
}
