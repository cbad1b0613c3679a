using BenchmarkDotNet.Attributes;
using DataflowLung.Kernels;
using DataflowLung.Kernels.Gpu;

namespace DataflowLung.Bench.Features;

/// <summary>One batch of 10 s, 8 kHz clips at the default parameters, per backend.
/// <c>dotnet run -c Release --project bench -- --filter '*FeatureBenchmarks*'</c></summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    const int ClipSamples = 80000;
    IFeatureBackend backend = null!;
    float[] clips = [];
    float[] output = [];

    [Params(FeatureBackendKind.Cpu, FeatureBackendKind.Ilgpu, FeatureBackendKind.Reference)]
    public FeatureBackendKind Kind { get; set; }

    [Params(16)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The reference, and ILGPU on its CPU accelerator (no CUDA device), are orders of magnitude slower:
        // a single clip keeps their runs short.
        if (Kind == FeatureBackendKind.Reference || (Kind == FeatureBackendKind.Ilgpu && !IlgpuFeatureBackend.CudaAvailable())) Batch = 1;
        backend = FeatureBackends.Create(Kind, FeatureParams.Default, ClipSamples);
        var rng = new Random(42);
        clips = Enumerable.Range(0, Batch * ClipSamples).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        output = new float[Batch * backend.Params.NMels * backend.Frames];
    }

    [Benchmark]
    public void ComputeBatch() => backend.Compute(clips, Batch, output);

    [GlobalCleanup]
    public void Cleanup() => backend.Dispose();
}
