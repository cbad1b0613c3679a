namespace DataflowLung.Experiments.Parameters;

/// <summary>One value a parameter accepts, with a line saying what it is (empty when the name says enough).</summary>
public sealed record ParameterChoice(string Name, string Help);
