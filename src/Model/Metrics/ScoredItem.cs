using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>One scored unit (chunk, recording or patient) with its hard label.</summary>
public sealed record ScoredItem(string Key, bool Label, double Score);
