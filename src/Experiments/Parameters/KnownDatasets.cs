using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Dataset names the runner accepts (the dataset registry's, each the name of its sub-folder under
/// the data root) and which of them can serve a task: PERCH has no pneumonia labels, BD no cycle labels, and the
/// cycles task needs per-cycle annotations (ICBHI, PERCH, Antwerp), which Jordan's recording-level labels are not.</summary>
public static class KnownDatasets
{
    // One task per command (the two cycles variants take the same datasets).
    private static readonly Seq<LearningTask> Tasks = Seq(LearningTask.Pneumonia, LearningTask.CracklesWheezes, LearningTask.Cycles);

    public static IReadOnlyList<string> All => DatasetRegistry.Names.ToArray();

    /// <summary>Every dataset with the commands that can use it, for help texts.</summary>
    public static Seq<ParameterChoice> Choices =>
        toSeq(All).Map(d => new ParameterChoice(d, "for " + string.Join(", ",
            Tasks.Filter(t => For(t).Contains(d)).Map(t => t.CliName()))));

    public static IReadOnlyList<string> For(LearningTask task) => task switch
    {
        LearningTask.Pneumonia => All.Where(d => d != PerchAdapter.Name).ToArray(),
        _ when task.IsCycles() => All.Where(d => d != BdAdapter.Name && d != JordanAdapter.Name).ToArray(),
        _ => All.Where(d => d != BdAdapter.Name).ToArray(),
    };
}
