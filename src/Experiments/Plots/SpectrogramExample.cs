using DataflowLung.Pipeline;

namespace DataflowLung.Experiments.Plots;

/// <summary>One validation spectrogram to draw as an example of its class, with the cycles annotated in
/// its window (times relative to the recording; the plot starts at <see cref="StartSeconds"/>).</summary>
public sealed record SpectrogramExample(string Name, string ClassName, float[] Values, int Mels, int Frames, double StartSeconds,
    IReadOnlyList<CycleAnnotation> Cycles);
