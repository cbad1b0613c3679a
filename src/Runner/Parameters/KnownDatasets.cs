using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Runner.Parameters;

/// <summary>Dataset names the runner accepts (the dataset registry's, each the name of its sub-folder under
/// the data root) and which of them can serve a task: PERCH has no pneumonia labels, BD no cycle labels.</summary>
public static class KnownDatasets
{
    public static IReadOnlyList<string> All => DatasetRegistry.Names.ToArray();

    public static IReadOnlyList<string> For(LearningTask task) =>
        All.Where(d => task == LearningTask.Pneumonia ? d != PerchAdapter.Name : d != BdAdapter.Name).ToArray();
}
