using BenchmarkDotNet.Attributes;
using DataflowLung.Kernels;

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
        // The reference is ~1000× slower: a single clip keeps its run short.
        if (Kind == FeatureBackendKind.Reference) Batch = 1;
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
