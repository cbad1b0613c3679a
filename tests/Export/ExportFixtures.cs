using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Kernels.Cpu;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Export;

/// <summary>Seeded networks with every parameter and BN statistic perturbed (so a bias, scale or statistic mapped
/// to the wrong place changes the output), their sidecars, and real-recording chunks with the project's features.</summary>
internal static class ExportFixtures
{
    public static CheckpointInfo Info(string model, LearningTask task, FeatureParams features, ChunkParams chunks)
    {
        int frames = features.Frames(Chunker.WindowSamples(features.SampleRate, chunks));
        return new CheckpointInfo(model, task, features.NMels, frames, task.Outputs, features, chunks,
            new TrainParams(Model: model, Seed: 5), Epoch: 1, TrainLoss: 0.5, ValidationLoss: null,
            new Dictionary<string, double?>(), new ModelSummary(model, 0, 0, 0), PlateauState.Start(1e-3), VersionInfo.Current());
    }

    /// <summary>A seeded network whose parameters are all nudged off their initial values (biases are 0 at first)
    /// and whose BN statistics are those of <paramref name="features"/> (as after training: without that, an
    /// untrained deep network's activations die out and every input gives the same output, hiding wiring errors).</summary>
    public static nn.Module<Tensor, Tensor> PerturbedNetwork(CheckpointInfo info, long seed, float[] features)
    {
        var network = ModelRegistry.Find(info.Model).ThrowIfFail().Create(info.Shape, seed);
        using var generator = new Generator((ulong)seed + 1000, CPU);
        using var _ = no_grad();
        foreach (var (name, p) in network.named_parameters())
            p.add_(randn(p.shape, generator: generator) * 0.05f);
        var norms = network.modules().OfType<TorchSharp.Modules.BatchNorm2d>().ToArray();
        foreach (var bn in norms) bn.momentum = 1.0; // running statistics := this batch's
        network.train();
        using (var x = tensor(features, [features.Length / (info.Mels * info.Frames), 1, info.Mels, info.Frames]))
            network.call(x).Dispose();
        foreach (var bn in norms) bn.momentum = 0.1;
        network.eval();
        return network;
    }

    /// <summary>Fails when some output gives (nearly) the same probability for every chunk.</summary>
    public static void AssertInputDependent(float[] probabilities, int outputs)
    {
        for (int o = 0; o < outputs; o++)
        {
            var column = probabilities.Where((_, i) => i % outputs == o).ToArray();
            Assert.True(column.Max() - column.Min() > 1e-3, $"output {o} does not depend on the input: {string.Join(", ", column)}");
        }
    }

    /// <summary>Sigmoid of TorchSharp's logits for <paramref name="features"/> ([N, 1, mels, frames]).</summary>
    public static float[] TorchProbabilities(nn.Module<Tensor, Tensor> network, float[] features, int n, CheckpointInfo info)
    {
        using var _ = no_grad();
        using var x = tensor(features, [n, 1, info.Mels, info.Frames]);
        using var y = network.call(x);
        using var p = nn.functional.sigmoid(y);
        return p.data<float>().ToArray();
    }

    /// <summary><paramref name="n"/> clips of <paramref name="clipSamples"/> samples at 8 kHz from real recordings
    /// (one per file, from the start), or null without the data.</summary>
    public static float[]? RealClips(int n, int clipSamples, int sampleRate = 8000)
    {
        string? jordan = TestData.Dataset("jordan"), icbhi = TestData.Dataset("icbhi");
        if (jordan is null || icbhi is null) return null;
        var files = Directory.GetFiles(icbhi, "*.wav").Order(StringComparer.Ordinal).Take(n / 2)
            .Concat(Directory.GetFiles(jordan, "*.wav").Order(StringComparer.Ordinal).Take(n - n / 2)).ToArray();
        var clips = new float[n * clipSamples];
        for (int i = 0; i < n; i++)
        {
            var signal = AudioLoader.LoadMono(files[i], sampleRate).Match(Succ: s => s, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
            signal.Samples.AsSpan(0, Math.Min(clipSamples, signal.Samples.Length)).CopyTo(clips.AsSpan(i * clipSamples));
        }
        return clips;
    }

    public static float[] Features(FeatureParams p, float[] clips, int clipSamples, FeatureBackendKind kind = FeatureBackendKind.Cpu)
    {
        int n = clips.Length / clipSamples;
        using var backend = FeatureBackends.Create(kind, p, clipSamples);
        var output = new float[n * p.NMels * backend.Frames];
        backend.Compute(clips, n, output);
        return output;
    }

    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }
}
