namespace DataflowLung.Runner.Parameters;

/// <summary>Dataset names the runner accepts, each the name of its sub-folder under the data root, and which
/// learning tasks each one can serve (PERCH has no pneumonia labels, BD no cycle labels).</summary>
public static class KnownDatasets
{
    public static IReadOnlyList<string> Pneumonia { get; } = ["icbhi", "jordan", "antwerp", "bd"];

    public static IReadOnlyList<string> CracklesWheezes { get; } = ["icbhi", "jordan", "perch", "antwerp"];

    public static IReadOnlyList<string> All { get; } = ["icbhi", "jordan", "perch", "antwerp", "bd"];

    public static IReadOnlyList<string> For(DataflowLung.Pipeline.LearningTask task) =>
        task == DataflowLung.Pipeline.LearningTask.Pneumonia ? Pneumonia : CracklesWheezes;
}
