namespace DataflowLung.Kernels.Gpu;

/// <summary>Sizes the ILGPU kernels need, passed by value (kernels cannot capture).</summary>
public readonly record struct FrameGeometry(int ClipSamples, int Frames, int Half, int Bins, int Hop, int PadLeft, int NMels,
    int WinLength = 0, float Preemphasis = 0f);
