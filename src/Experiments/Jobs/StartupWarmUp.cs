using DataflowLung.Kernels;
using DataflowLung.Kernels.Gpu;

namespace DataflowLung.Experiments.Jobs;

/// <summary>One-off costs a job process pays on its critical path, single-threaded, before the first batch, started
/// early on another core (start-up is one busy core of two; a perf profile of a 3-epoch job, docs/performance.md):
/// <list type="bullet">
/// <item>LanguageExt's class-instance scan: the first default-ordered <c>Map</c>, <c>HashSet</c>, <c>Option</c> or
/// <c>Seq</c> comparison reflects over every referenced assembly (about 0.5 s), once per process.</item>
/// <item>Loading libtorch's native library (TorchSharp's first call).</item>
/// <item>System.Text.Json's contracts for the records the caches' identities serialise (the chunk, feature and
/// resampler parameters): a type's first serialisation builds its contract by reflection.</item>
/// <item>The CUDA probe of the features' Auto backend (<see cref="IlgpuFeatureBackend.CudaAvailable"/>, an ILGPU
/// context: about 0.3 s), only where the job asks for Auto.</item>
/// </list>
/// Each result is kept by its owner (LanguageExt's singleton, the loaded library, the probe's <see cref="Lazy{T}"/>),
/// so the job's own first use finds it done or waits for it; nothing here changes what the job computes. A failure here
/// is ignored: the job's own call meets it again and reports it where it belongs.</summary>
public static class StartupWarmUp
{
    /// <summary>The process-wide part (LanguageExt, libtorch), for a command that runs a job.</summary>
    public static Task Process() => Run(
        () => LanguageExt.ClassInstances.ClassInstancesAssembly.Initialise(),
        () => TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU),
        () =>
        {
            System.Text.Json.JsonSerializer.Serialize(new Pipeline.Datasets.ChunkParams());
            System.Text.Json.JsonSerializer.Serialize(FeatureParams.Default);
            System.Text.Json.JsonSerializer.Serialize(Pipeline.Audio.ResamplerQuality.Default);
        });

    /// <summary>The CUDA probe, when <paramref name="backend"/> is Auto (the only choice that asks for it).</summary>
    public static Task FeatureBackend(FeatureBackendKind backend) =>
        backend == FeatureBackendKind.Auto ? Run(() => IlgpuFeatureBackend.CudaAvailable()) : Task.CompletedTask;

    private static Task Run(params Action[] steps) => Task.Run(() =>
    {
        foreach (var step in steps)
        {
            try { step(); }
            catch (Exception) { /* the job's own call reports it */ }
        }
    });
}
