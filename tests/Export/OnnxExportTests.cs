using DataflowLung.Pipeline.Tasks;
using DataflowLung.Export.Onnx;
using DataflowLung.Kernels;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static DataflowLung.Tests.Export.ExportFixtures;

namespace DataflowLung.Tests.Export;

/// <summary>ONNX Runtime on the exported graph gives TorchSharp's probabilities (within 1e-4) on real recordings,
/// for every model and both tasks; the front-end graph gives the project's features within the documented tolerance.</summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    /// <summary>Every registered model (so a new one is checked against its own layer description) on both tasks.
    /// Full-size input (128 × 313, odd frames: "same" pooling's partial windows), except model9 on a shorter, narrower
    /// chunk (64 × 79) to stay quick, still odd so "valid" pooling drops edges.</summary>
    public static TheoryData<string, LearningTask> Models
    {
        get
        {
            var data = new TheoryData<string, LearningTask>();
            foreach (var model in ModelRegistry.Names)
                foreach (var task in new LearningTask[] { TaskRegistry.Pneumonia, TaskRegistry.CracklesWheezes })
                    data.Add(model, task);
            return data;
        }
    }

    static (FeatureParams, ChunkParams) Sizes(string model) => model == "model9"
        ? (FeatureParams.Default with { NMels = 64 }, new ChunkParams(AudioLengthSeconds: 2.5))
        : (FeatureParams.Default, new ChunkParams());

    static InferenceSession Session(Onnx.ModelProto model) => new(model.ToByteArray());

    static float[] Run(InferenceSession session, string input, float[] data, int[] shape, string outputName = OnnxExporter.ProbabilitiesName)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(data, shape))], [outputName]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_gives_torchsharps_probabilities_on_real_recordings(string model, LearningTask task)
    {
        var (features, chunks) = Sizes(model);
        int clip = Chunker.WindowSamples(features.SampleRate, chunks);
        const int n = 4;
        var clips = RealClips(n, clip);
        Skip.If(clips is null, TestData.SkipReason);
        var info = Info(model, task, features, chunks);
        var logMel = Features(features, clips, clip);
        using var network = PerturbedNetwork(info, seed: 21, logMel);

        var exported = OnnxExporter.Build(network, info, withFrontend: false).ThrowIfFail();
        using var session = Session(exported);
        var onnx = Run(session, OnnxExporter.LogMelName, logMel, [n, 1, info.Mels, info.Frames]);
        var torch = TorchProbabilities(network, logMel, n, info);

        double diff = MaxAbsDiff(onnx, torch);
        output.WriteLine($"{model}/{task}: max |p_onnx - p_torch| = {diff:E2} over {onnx.Length} probabilities; p = {string.Join(", ", torch.Select(p => p.ToString("0.000")))}");
        Assert.Equal(n * task.Outputs, onnx.Length);
        Assert.True(diff <= 1e-4, $"max difference {diff}");
        AssertInputDependent(torch, task.Outputs);
    }

    [SkippableFact]
    public void The_front_end_graph_gives_the_projects_features_and_probabilities()
    {
        var (features, chunks) = Sizes("tiny");
        int clip = Chunker.WindowSamples(features.SampleRate, chunks);
        const int n = 4;
        var clips = RealClips(n, clip);
        Skip.If(clips is null, TestData.SkipReason);
        var info = Info("tiny", TaskRegistry.CracklesWheezes, features, chunks);
        var logMel = Features(features, clips, clip);
        using var network = PerturbedNetwork(info, seed: 22, logMel);

        var exported = OnnxExporter.Build(network, info, withFrontend: true).ThrowIfFail();
        using var session = Session(exported);
        var onnxFeatures = Run(session, OnnxExporter.AudioName, clips, [n, clip], OnnxExporter.FeaturesName);
        var onnx = Run(session, OnnxExporter.AudioName, clips, [n, clip]);
        var torch = TorchProbabilities(network, logMel, n, info);

        double featureDiff = MaxAbsDiff(onnxFeatures, logMel), probabilityDiff = MaxAbsDiff(onnx, torch);
        var loud = Enumerable.Range(0, logMel.Length).Where(i => logMel[i] >= FrontendTolerance.LoudFrom).ToArray();
        double loudDiff = loud.Max(i => Math.Abs((double)onnxFeatures[i] - logMel[i]));
        output.WriteLine($"front-end: max |log-mel| difference {featureDiff:E2} (cells ≥ {FrontendTolerance.LoudFrom}: {loudDiff:E2}, {loud.Length} of {logMel.Length}), max probability difference {probabilityDiff:E2}");
        Assert.True(loud.Length > logMel.Length / 4, "too few loud cells to test");
        Assert.True(featureDiff <= FrontendTolerance.LogMel, $"log-mel difference {featureDiff}");
        Assert.True(loudDiff <= FrontendTolerance.LogMelLoud, $"log-mel difference {loudDiff} in cells ≥ {FrontendTolerance.LoudFrom}");
        Assert.True(probabilityDiff <= FrontendTolerance.Probability, $"probability difference {probabilityDiff}");
    }

    [Fact]
    public void Metadata_carries_the_task_and_feature_parameters_and_the_whole_sidecar()
    {
        var info = Info("tiny", TaskRegistry.CracklesWheezes, FeatureParams.Original, new ChunkParams());
        using var network = ModelRegistry.Find("tiny").ThrowIfFail().Create(info.Shape, 3);
        var exported = OnnxExporter.Build(network, info, withFrontend: false).ThrowIfFail();
        var metadata = exported.MetadataProps.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("cw", metadata["task"]);
        Assert.Equal("crackles,wheezes", metadata["outputs"]);
        Assert.Equal("decibel", metadata["log"]);
        Assert.Equal("slaney", metadata["mel_scale"]);
        Assert.Equal("log_mel", metadata[OnnxMetadata.InputKindKey]);
        Assert.Equal(info, OnnxMetadata.Checkpoint("m.onnx", metadata).ThrowIfFail() with { Metrics = info.Metrics });
        Assert.Equal(17, exported.OpsetImport.Single().Version);
    }
}
