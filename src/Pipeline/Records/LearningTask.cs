namespace DataflowLung.Pipeline;

/// <summary>What a job learns: pneumonia (one output per chunk) or crackles/wheezes (two outputs).</summary>
public enum LearningTask
{
    Pneumonia,
    CracklesWheezes,
}

public static class LearningTaskExtensions
{
    public static int OutputCount(this LearningTask task) => task == LearningTask.Pneumonia ? 1 : 2;

    public static string CliName(this LearningTask task) => task == LearningTask.Pneumonia ? "pneumonia" : "cw";
}
