using DataflowLung.Kernels;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Runner.Parameters;
using LanguageExt;

namespace DataflowLung.Runner.Jobs;

/// <summary>A job's graph stages and feature backend from its parameters, through the pipeline's own stage
/// factory (<see cref="PipelineStages"/>: decode + resample to <c>sr</c>, label check, chunker, features, and
/// the training-only augmentation and oversampling).</summary>
public static class JobStages
{
    public static StageParams StageParams(JobParameters p) => new(p.Task, p.Chunk, p.Features, p.Augment, p.Features.SampleRate, p.Train.Seed);

    public static Fin<FlowStages> Create(JobParameters p, IFeatureBackend backend, Option<ClassCensus> trainingCensus = default) =>
        PipelineStages.Create(StageParams(p), backend, trainingCensus);

    public static FeatureBackendKind Kind(FeatureBackendChoice choice) => choice switch
    {
        FeatureBackendChoice.Cpu => FeatureBackendKind.Cpu,
        FeatureBackendChoice.Ilgpu => FeatureBackendKind.Ilgpu,
        _ => FeatureBackendKind.Auto,
    };

    public static IFeatureBackend Backend(JobParameters p) =>
        FeatureBackends.Create(Kind(p.Backend), p.Features, Chunker.WindowSamples(p.Features.SampleRate, p.Chunk));
}
