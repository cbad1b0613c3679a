namespace DataflowLung.Pipeline.Datasets;

/// <summary>One extra (measure, value) line of a dataset's summary, beyond the numbers every dataset has: rows a
/// dataset's own annotations give (<see cref="AnnotationRows"/>) or facts its adapter adds (<see cref="DatasetScan.Notes"/>).</summary>
public sealed record SummaryRow(string Name, string Value);
