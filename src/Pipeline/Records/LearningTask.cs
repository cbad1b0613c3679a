namespace DataflowLung.Pipeline;

/// <summary>What a job learns: pneumonia (one sigmoid output per chunk), crackles/wheezes (two sigmoid outputs), or
/// the ICBHI challenge's per-cycle classification (<c>runner cycles</c>): one sample per annotated respiratory cycle
/// and one class out of K with a softmax head, 4 classes (normal, crackle, wheeze, both) or 2 (normal, abnormal).</summary>
public enum LearningTask
{
    Pneumonia,
    CracklesWheezes,
    Cycles,
    CyclesBinary,
}

public static class LearningTaskExtensions
{
    public static int OutputCount(this LearningTask task) => task switch
    {
        LearningTask.Pneumonia => 1,
        LearningTask.Cycles => 4,
        _ => 2,
    };

    /// <summary>The command (and job-folder) name; both cycle variants are <c>cycles</c>, told apart by the
    /// <c>cycle_classes</c> parameter.</summary>
    public static string CliName(this LearningTask task) => task switch
    {
        LearningTask.Pneumonia => "pneumonia",
        LearningTask.CracklesWheezes => "cw",
        _ => "cycles",
    };

    /// <summary>The task a command name stands for (the 4-class variant for <c>cycles</c>; a saved
    /// <c>cycle_classes</c> parameter turns it into the 2-class one when the parameters are resolved).</summary>
    public static LearningTask? FromCliName(string name) => name switch
    {
        "pneumonia" => LearningTask.Pneumonia,
        "cw" => LearningTask.CracklesWheezes,
        "cycles" => LearningTask.Cycles,
        _ => null,
    };

    /// <summary>The per-cycle challenge task (either class count): one sample per annotated cycle, one-hot labels.</summary>
    public static bool IsCycles(this LearningTask task) => task is LearningTask.Cycles or LearningTask.CyclesBinary;

    /// <summary>True when the classes are exclusive: a softmax head with cross-entropy, one-hot labels and
    /// probabilities that sum to one (the cycles tasks); otherwise independent sigmoid outputs with BCE.</summary>
    public static bool IsSoftmax(this LearningTask task) => task.IsCycles();
}
