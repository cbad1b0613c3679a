namespace DataflowLung.Experiments.Plots;

/// <summary>One named line of a plot.</summary>
public sealed record CurveSeries(string Name, double[] X, double[] Y);
