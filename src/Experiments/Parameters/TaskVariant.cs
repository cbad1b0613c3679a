using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>The <c>task_variant</c> parameter: which of its variants a task whose command trains several runs
/// (<see cref="LearningTask.VariantName"/>; <c>runner sprsound --task 1-1</c>). A variant may start from other defaults
/// (an event task cuts events, a record task windows), so switching also moves each task-dependent default (datasets,
/// chunking, features, split) that still holds the previous variant's default; a value set explicitly stays.</summary>
public static class TaskVariant
{
    public const string Key = "task_variant";

    /// <summary>Every variant name of the registered tasks, with the task it belongs to, for help texts.</summary>
    public static Seq<ParameterChoice> Choices =>
        TaskRegistry.All.Bind(t => toSeq(t.Variants).Choose(v => v.VariantName.Map(name => new ParameterChoice(name, $"{t.Name}: {v.StoredName}"))));

    public static Fin<JobParameters> Switch(JobParameters p, string name)
    {
        if (p.Task.VariantName == Some(name)) return p;
        var variants = toSeq(p.Task.Variants).Filter(v => v.VariantName.IsSome);
        if (variants.IsEmpty) return Error.New($"the {p.Task.Name} task has no variants");
        return variants.Find(v => v.VariantName == Some(name)).Match(
            v => FinSucc(Follow(p, v)),
            () => FinFail<JobParameters>(Error.New($"expected one of {string.Join(", ", variants.Choose(v => v.VariantName))} (got \"{name}\")")));
    }

    private static JobParameters Follow(JobParameters p, LearningTask next)
    {
        var (was, now) = (p.Task.Defaults, next.Defaults);
        return p with
        {
            Task = next,
            Datasets = p.Datasets == was.Datasets ? now.Datasets : p.Datasets,
            Chunk = p.Chunk == was.Chunk ? now.Chunk : p.Chunk,
            Features = p.Features == was.Features ? now.Features : p.Features,
            Split = p.Split == was.Split ? now.Split : p.Split,
        };
    }
}
