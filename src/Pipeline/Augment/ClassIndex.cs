namespace DataflowLung.Pipeline.Augment;

/// <summary>The class a hard label vector stands for: pneumonia 0/1; crackles/wheezes as the original's
/// 4-class index (none 0, crackle 1, wheeze 2, both 3). This is the index mixer and AugMix
/// <c>label</c> parameters, class weights and oversampling speak in.</summary>
public static class ClassIndex
{
    public static int Count(LearningTask task) => task == LearningTask.Pneumonia ? 2 : 4;

    public static int Of(float[] labels, LearningTask task)
    {
        if (labels.Length != task.OutputCount())
            throw new ArgumentException($"a {task.CliName()} label has {task.OutputCount()} values (got {labels.Length})", nameof(labels));
        return task == LearningTask.Pneumonia
            ? (labels[0] >= 0.5f ? 1 : 0)
            : (labels[0] >= 0.5f ? 1 : 0) + (labels[1] >= 0.5f ? 2 : 0);
    }
}
