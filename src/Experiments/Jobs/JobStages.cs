using DataflowLung.Kernels;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>A job's graph stages and feature backend from its parameters, through the pipeline's own stage
/// factory (<see cref="PipelineStages"/>: decode + resample to <c>sr</c>, label check, chunker, features, and
/// the training-only augmentation and oversampling).</summary>
public static class JobStages
{
    public static StageParams StageParams(JobParameters p) => new(p.Task, p.Chunk, p.Features, p.Augment, p.Features.SampleRate, p.Train.Seed);

    /// <param name="warnings">Collects what the reader tolerates while the graph decodes (truncated data, NaN/Inf samples).</param>
    public static Fin<FlowStages> Create(JobParameters p, IFeatureBackend backend, Option<ClassCensus> trainingCensus = default, RunWarnings? warnings = null) =>
        PipelineStages.Create(StageParams(p), backend, trainingCensus, warnings is null ? null : warnings.Add);

    /// <summary>ILGPU without a GPU runs its kernels on ILGPU's CPU accelerator: correct but very slow, which a user who
    /// asked for <c>--features ilgpu</c> must hear about (auto never picks it).</summary>
    public static Option<string> SlowBackendWarning(IFeatureBackend backend) =>
        backend.Name == "ilgpu-cpu"
            ? Some("features: no GPU found, so --features ilgpu runs on ILGPU's CPU accelerator, which is very slow " +
                   "(a tiny-model epoch on the real recordings took 224 s there against 5 s with the SIMD cpu backend, 2-core machine); " +
                   "use --features cpu, or auto (ILGPU only on a CUDA GPU)")
            : None;

    public static FeatureBackendKind Kind(FeatureBackendChoice choice) => choice switch
    {
        FeatureBackendChoice.Cpu => FeatureBackendKind.Cpu,
        FeatureBackendChoice.Ilgpu => FeatureBackendKind.Ilgpu,
        _ => FeatureBackendKind.Auto,
    };

    public static IFeatureBackend Backend(JobParameters p) =>
        FeatureBackends.Create(Kind(p.Backend), p.Features, Chunker.WindowSamples(p.Features.SampleRate, p.Chunk));
}
