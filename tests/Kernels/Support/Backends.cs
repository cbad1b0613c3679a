using DataflowLung.Kernels;

namespace DataflowLung.Tests.Kernels.Support;

/// <summary>Runs a backend on a batch and returns its output.</summary>
public static class Backends
{
    public static float[] Run(FeatureBackendKind kind, FeatureParams p, float[] clips, int clipSamples)
    {
        using var backend = FeatureBackends.Create(kind, p, clipSamples);
        return Run(backend, clips);
    }

    public static float[] Run(IFeatureBackend backend, float[] clips)
    {
        int batch = clips.Length / backend.ClipSamples;
        var output = new float[batch * backend.Params.NMels * backend.Frames];
        backend.Compute(clips, batch, output);
        return output;
    }

    /// <summary>The fast backends, each checked against the reference.</summary>
    public static TheoryData<FeatureBackendKind> Fast => new() { FeatureBackendKind.Cpu, FeatureBackendKind.Ilgpu };
}
