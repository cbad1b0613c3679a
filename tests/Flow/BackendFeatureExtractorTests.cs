using DataflowLung.Kernels;
using DataflowLung.Kernels.Reference;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Tests.Flow;

public sealed class BackendFeatureExtractorTests
{
    static readonly FeatureParams SmallFeatures = new(SampleRate: FlowTestKit.Rate, NFft: 64, HopLength: 32, NMels: 8);

    [Fact]
    public async Task The_graph_with_a_kernel_backend_yields_the_backends_features_for_every_chunk()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("backend"), 5);
        using var backend = new ReferenceFeatureBackend(SmallFeatures, FlowTestKit.WindowSamples);
        var stages = FlowTestKit.Stages(extractor: new BackendFeatureExtractor(backend));
        await using var run = new DataFlow(stages, FlowTestKit.SmallParams()).Epoch(recordings, 0, training: false);
        var batches = await FlowTestKit.Collect(run);

        int size = SmallFeatures.NMels * backend.Frames;
        var expected = new float[size];
        foreach (var batch in batches)
        {
            Assert.Equal((SmallFeatures.NMels, backend.Frames), (batch.Mels, batch.Frames));
            for (int i = 0; i < batch.Size; i++)
            {
                var recording = batch.Recordings[i];
                int index = int.Parse(batch.ChunkNames[i][(recording.Name.Length + 1)..]);
                var samples = FlowTestKit.DecodePcm16(recording).Map(s => s.Samples).IfFail([]);
                backend.Compute(samples.AsSpan(index * FlowTestKit.StepSamples, FlowTestKit.WindowSamples), 1, expected);
                Assert.Equal(expected, batch.Inputs.AsSpan(i * size, size).ToArray());
            }
        }
        Assert.Equal((await run.Completion).Chunks, batches.Sum(b => b.Size));
    }

    [Fact]
    public void Chunks_that_do_not_match_the_backend_are_refused_by_name()
    {
        using var backend = new ReferenceFeatureBackend(SmallFeatures, FlowTestKit.WindowSamples);
        var recording = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("mismatch"), 1)[0];
        var chunk = new Chunk(recording, 0, "rec000_0", new float[FlowTestKit.WindowSamples - 1], FlowTestKit.Rate, 0, 2, [0f], false, false);
        var error = Assert.Throws<ArgumentException>(() => new BackendFeatureExtractor(backend).Extract([chunk]));
        Assert.Contains("rec000_0 has 1999 samples", error.Message);
    }
}
