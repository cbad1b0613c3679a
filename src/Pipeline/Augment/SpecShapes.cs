namespace DataflowLung.Pipeline.Augment;

/// <summary>Checks and label arithmetic shared by the spectrogram mixers.</summary>
internal static class SpecShapes
{
    internal static void RequireSame(Features a, Features b, string mixer)
    {
        if (a.Mels != b.Mels || a.Frames != b.Frames || a.Values.Length != b.Values.Length || a.Labels.Length != b.Labels.Length)
            throw new ArgumentException(
                $"{mixer}: '{a.Name}' ({a.Mels}×{a.Frames}, {a.Labels.Length} labels) and '{b.Name}' ({b.Mels}×{b.Frames}, {b.Labels.Length} labels) differ in shape");
    }

    internal static float[] BlendLabels(float[] a, float[] b, double weightOfA)
    {
        var labels = new float[a.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = (float)(weightOfA * a[i] + (1.0 - weightOfA) * b[i]);
        return labels;
    }
}
