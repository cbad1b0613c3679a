using DataflowLung.Kernels;
using DataflowLung.Kernels.Gpu;
using DataflowLung.Tests.Kernels.Support;

namespace DataflowLung.Tests.Kernels;

public class FeatureBackendsTests
{
    [Fact]
    public void Auto_picks_ilgpu_only_on_cuda_and_the_simd_cpu_backend_otherwise()
    {
        using var backend = FeatureBackends.Create(FeatureBackendKind.Auto, FeatureParams.Default, 80000);
        Assert.Equal(IlgpuFeatureBackend.CudaAvailable() ? "ilgpu-cuda" : "cpu", backend.Name);
        Assert.Equal(313, backend.Frames);
    }

    [Fact]
    public void Invalid_parameters_are_rejected_with_every_problem_named()
    {
        var p = FeatureParams.Default with { NFft = 1000, CubeRoot = true };
        var error = Assert.Throws<ArgumentException>(() => FeatureBackends.Create(FeatureBackendKind.Cpu, p, 8000));
        Assert.Contains("n_fft must be a power of two", error.Message);
        Assert.Contains("cube root replaces the log", error.Message);
    }

    [Fact]
    public void A_clip_shorter_than_one_window_without_centering_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureBackends.Create(FeatureBackendKind.Reference, FeatureParams.Original, 1000));
        Assert.Contains("shorter than one window", error.Message);
    }

    [Theory]
    [InlineData(FeatureBackendKind.Reference)]
    [InlineData(FeatureBackendKind.Cpu)]
    [InlineData(FeatureBackendKind.Ilgpu)]
    public void Wrong_buffer_sizes_are_reported_with_the_expected_sizes(FeatureBackendKind kind)
    {
        using var backend = FeatureBackends.Create(kind, FeatureParams.Default, 1000);
        var error = Assert.Throws<ArgumentException>(() => backend.Compute(new float[1999], 2, new float[2 * 128 * backend.Frames]));
        Assert.Contains("expected 2 × 1000", error.Message);
        error = Assert.Throws<ArgumentException>(() => backend.Compute(new float[2000], 2, new float[5]));
        Assert.Contains($"expected 2 × 128 × {backend.Frames}", error.Message);
    }

    [Fact]
    public void Concurrent_calls_on_one_backend_are_serialised_and_stay_correct()
    {
        const int clipSamples = 4000;
        using var backend = FeatureBackends.Create(FeatureBackendKind.Cpu, FeatureParams.Default, clipSamples);
        var inputs = Enumerable.Range(0, 6).Select(i => Signals.Random(100 + i, clipSamples)).ToArray();
        var expected = inputs.Select(x => Backends.Run(FeatureBackendKind.Reference, FeatureParams.Default, x, clipSamples)).ToArray();
        var actual = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, i => actual[i] = Backends.Run(backend, inputs[i]));
        for (int i = 0; i < inputs.Length; i++) Closeness.AssertClose(actual[i], expected[i], 1e-4, $"call {i}");
    }
}
