namespace DataflowLung.Pipeline.Metrics;

/// <summary>The headline validation metrics by level, the <c>val</c> block of report.json; <see cref="Intervals"/>
/// says how the intervals were made (null when none were).</summary>
public sealed record ValidationMetrics(LevelMetrics Chunk, LevelMetrics Recording, LevelMetrics Patient, string? Intervals = null)
{
    /// <summary>The levels by name, in report order.</summary>
    public IEnumerable<(string Level, LevelMetrics Metrics)> Levels() => [("chunk", Chunk), ("recording", Recording), ("patient", Patient)];
}
