using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Dataset names the runner accepts (the dataset registry's, each the name of its sub-folder under
/// the data root) and which of them can serve a task: those whose labels (<see cref="DatasetAdapter.Provides"/>) the
/// task can learn from (<see cref="LearningTask.CanLearnFrom"/>); e.g. PERCH has no pneumonia labels, BD no
/// crackle/wheeze labels, and the cycles task needs per-cycle annotations, which Jordan's recording-level labels are not.</summary>
public static class KnownDatasets
{
    public static IReadOnlyList<string> All => DatasetRegistry.Names.ToArray();

    /// <summary>Every dataset with the commands that can use it, for help texts.</summary>
    public static Seq<ParameterChoice> Choices =>
        toSeq(All).Map(d => new ParameterChoice(d, "for " + string.Join(", ",
            TaskRegistry.All.Filter(t => For(t).Contains(d)).Map(t => t.Name))));

    public static IReadOnlyList<string> For(LearningTask task) => DatasetRegistry.Serving(task).ToArray();
}
