using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Dataset names the runner accepts (the dataset registry's, each the name of its sub-folder under
/// the data root) and which of them can serve a task: those whose labels (<see cref="DatasetAdapter.Provides"/>) the
/// task can learn from (<see cref="LearningTask.CanLearnFrom"/>); e.g. PERCH has no pneumonia labels, BD no
/// crackle/wheeze labels, and the cycles task needs per-cycle annotations, which Jordan's recording-level labels are not.</summary>
public static class KnownDatasets
{
    public static IReadOnlyList<string> All => DatasetRegistry.Names.ToArray();

    public static IReadOnlyList<string> For(LearningTask task) => DatasetRegistry.Serving(task).ToArray();
}
