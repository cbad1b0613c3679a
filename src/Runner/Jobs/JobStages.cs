using System.Text.Json;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Runner.Parameters;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Jobs;

/// <summary>The pure functions a job's graph wires, from its parameters: decode + resample to <c>sr</c>,
/// chunk + label as the original, log-mel features on the chosen backend, and (training only) the
/// configured augmentation. The identities key the graph's
/// caches, so a change of any parameter that alters signals or features never reuses stale ones.</summary>
public static class JobStages
{
    public static FlowStages Create(JobParameters p, IFeatureBackend backend) => new(
        Decode: r => AudioLoader.LoadMono(r.Path, p.Features.SampleRate),
        DecodeIdentity: $"mono|{p.Features.SampleRate}",
        ChunkAndLabel: (r, s) => FinSucc(Chunker.Chunk(r, s.Samples, s.SampleRate, p.Chunk, p.Task)),
        Features: new BackendFeatureExtractor(backend),
        FeatureIdentity: $"{p.Task.CliName()}|{JsonSerializer.Serialize(p.Chunk)}|{JsonSerializer.Serialize(p.Features)}",
        AudioAugment: JobAugmentation.Audio(p.Augment, p.Task),
        SpectrogramAugment: JobAugmentation.Spectrogram(p.Augment, p.Task));

    public static FeatureBackendKind Kind(FeatureBackendChoice choice) => choice switch
    {
        FeatureBackendChoice.Cpu => FeatureBackendKind.Cpu,
        FeatureBackendChoice.Ilgpu => FeatureBackendKind.Ilgpu,
        _ => FeatureBackendKind.Auto,
    };

    public static IFeatureBackend Backend(JobParameters p) =>
        FeatureBackends.Create(Kind(p.Backend), p.Features, Chunker.WindowSamples(p.Features.SampleRate, p.Chunk));
}
