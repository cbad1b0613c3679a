using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Pipeline.Augment;

/// <summary>The class a hard label vector stands for: pneumonia 0/1; crackles/wheezes as the original's
/// 4-class index (none 0, crackle 1, wheeze 2, both 3); the cycles tasks label one class per cycle as a one-hot
/// vector over the same 4-class index (or normal 0 / abnormal 1), and a label's class is its largest entry (a mixed
/// label's dominant class). This is the index mixer and AugMix <c>label</c> parameters, class weights and
/// oversampling speak in.</summary>
public static class ClassIndex
{
    public static int Count(LearningTask task) => task switch
    {
        LearningTask.Pneumonia => 2,
        LearningTask.CyclesBinary => 2,
        _ => 4,
    };

    /// <summary>Class names in index order (report columns, confusion-matrix axes, census counts).</summary>
    public static IReadOnlyList<string> Names(LearningTask task) => task switch
    {
        LearningTask.Pneumonia => ["negative", "positive"],
        LearningTask.CyclesBinary => ["normal", "abnormal"],
        _ => CycleLabeler.ClassNames.ToArray(),
    };

    public static int Of(float[] labels, LearningTask task)
    {
        if (labels.Length != task.OutputCount())
            throw new ArgumentException($"a {task.CliName()} label has {task.OutputCount()} values (got {labels.Length})", nameof(labels));
        if (task.IsSoftmax()) return ArgMax(labels);
        return task == LearningTask.Pneumonia
            ? (labels[0] >= 0.5f ? 1 : 0)
            : (labels[0] >= 0.5f ? 1 : 0) + (labels[1] >= 0.5f ? 2 : 0);
    }

    /// <summary>The class of an annotated cycle for a task with one class per cycle: the 4-class index, or
    /// abnormal (any crackle or wheeze) for the 2-class variant.</summary>
    public static int OfCycle(LearningTask task, bool crackles, bool wheezes) => task == LearningTask.CyclesBinary
        ? (crackles || wheezes ? 1 : 0)
        : CycleLabeler.ClassIndex(crackles, wheezes);

    public static float[] OneHot(LearningTask task, int cls)
    {
        var labels = new float[Count(task)];
        labels[cls] = 1f;
        return labels;
    }

    /// <summary>Index of the largest value (the first on ties): the predicted class of a softmax output.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>The same over a prediction row's values.</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
