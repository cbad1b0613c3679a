using DataflowLung.Kernels.Cpu;
using DataflowLung.Kernels.Gpu;
using DataflowLung.Kernels.Reference;

namespace DataflowLung.Kernels;

/// <summary>Creates feature backends. Auto picks ILGPU only on a CUDA device: ILGPU's CPU accelerator is
/// far slower than the SIMD CPU backend, so without a GPU the CPU backend is the default.</summary>
public static class FeatureBackends
{
    public static IFeatureBackend Create(FeatureBackendKind kind, FeatureParams p, int clipSamples) => kind switch
    {
        FeatureBackendKind.Cpu => new CpuFeatureBackend(p, clipSamples),
        FeatureBackendKind.Ilgpu => new IlgpuFeatureBackend(p, clipSamples),
        FeatureBackendKind.Reference => new ReferenceFeatureBackend(p, clipSamples),
        _ => IlgpuFeatureBackend.CudaAvailable() ? new IlgpuFeatureBackend(p, clipSamples) : new CpuFeatureBackend(p, clipSamples),
    };
}
