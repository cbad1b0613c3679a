using DataflowLung.Pipeline.Tasks;
namespace DataflowLung.Pipeline.Augment;

/// <summary>Helpers of the class index a task's labels map to (<see cref="Tasks.LearningTask.ClassOf"/>: pneumonia 0/1;
/// crackles/wheezes the original's 4-class index, none 0, crackle 1, wheeze 2, both 3; the cycles tasks one class per
/// cycle as a one-hot vector). This is the index mixer and AugMix <c>label</c> parameters, class weights and
/// oversampling speak in.</summary>
public static class ClassIndex
{
    /// <summary>The one-hot label of class <paramref name="cls"/> out of <paramref name="classes"/>.</summary>
    public static float[] OneHot(int classes, int cls)
    {
        var labels = new float[classes];
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
