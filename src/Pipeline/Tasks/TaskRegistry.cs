using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>Every task, by name: the CLI registers one training command per task in <see cref="All"/> (in this
/// order), <c>runner datasets --task</c> accepts their names, and model.json's stored names are read back here.</summary>
public static class TaskRegistry
{
    // The tasks code means by name: the demo trains pneumonia; tests pick theirs.
    public static PneumoniaTask Pneumonia { get; } = new();
    public static CracklesWheezesTask CracklesWheezes { get; } = new();
    public static CyclesTask Cycles { get; } = new(CyclesTask.FourClasses);

    /// <summary>The tasks, one line each.</summary>
    public static Seq<LearningTask> All { get; } = new LearningTask[]
    {
        Pneumonia,
        CracklesWheezes,
        Cycles,
        new SprsoundTask(SprsoundTask.RecordTernary),
    }.ToSeq();

    public static Seq<string> Names => All.Map(t => t.Name);

    /// <summary>The task of a command name (a cycles job's <c>cycle_classes</c> picks its variant later, when the
    /// parameters are resolved).</summary>
    public static Option<LearningTask> Find(string name) => All.Find(t => t.Name == name);

    /// <summary>The task model.json names.</summary>
    public static Option<LearningTask> FromStored(string storedName) => All.Bind(t => toSeq(t.Variants)).Find(t => t.StoredName == storedName);

    /// <summary>"a, b or c", for help texts.</summary>
    public static string NameList => Names.Count < 2 ? string.Join("", Names) : $"{string.Join(", ", Names.Take(Names.Count - 1))} or {Names.Last()}";
}
