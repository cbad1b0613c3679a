using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using DataflowLung.Export.PyTorch;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Runner;
using DataflowLung.Tests.Support;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static DataflowLung.Tests.Export.ExportFixtures;

namespace DataflowLung.Tests.Export;

/// <summary><c>runner export</c> and <c>runner predict --engine onnx</c> through the real CLI, on a saved tiny
/// checkpoint and real recordings: ONNX Runtime's rows equal TorchSharp's.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class ExportCommandTests(ITestOutputHelper output)
{
    static string Checkpoint(TempFolder tmp, LearningTask task)
    {
        var info = Info("tiny", task, FeatureParams.Default, new ChunkParams());
        var clips = RealClips(2, Chunker.WindowSamples(8000, info.Chunks))!;
        using var network = PerturbedNetwork(info, seed: 31, Features(FeatureParams.Default, clips, Chunker.WindowSamples(8000, info.Chunks)));
        var dir = tmp.Combine("checkpoint");
        CheckpointStore.Save(dir, network, info);
        return dir;
    }

    /// <summary>file → its probabilities (the <c>p_*</c> columns of predict's CSV).</summary>
    static Dictionary<string, double[]> Rows(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(PredictionsCsvTestView.Split).ToArray();
        var header = lines[0];
        int file = header.IndexOf("file");
        var probabilities = header.Select((h, i) => (h, i)).Where(c => c.h.StartsWith("p_", StringComparison.Ordinal)).Select(c => c.i).ToArray();
        return lines.Skip(1).ToDictionary(c => c[file], c => probabilities.Select(i => double.Parse(c[i], CultureInfo.InvariantCulture)).ToArray());
    }

    [SkippableTheory]
    [InlineData("pneumonia")]
    [InlineData("cw")]
    public async Task Predict_with_the_exported_onnx_model_gives_torchsharps_rows(string taskName)
    {
        var task = TestTasks.Named(taskName);
        Skip.If(TestData.Dataset("jordan") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var checkpoint = Checkpoint(tmp, task);
        var recordings = Directory.GetFiles(TestData.Dataset("jordan")!, "*.wav").Order(StringComparer.Ordinal).Take(3)
            .Append(Path.Combine(TestData.Dataset("icbhi")!, "102_1b1_Ar_sc_Meditron.wav")).ToArray();

        var (missing, _, missingErr) = await CliArgumentTests.Run(null, ["predict", "--model", checkpoint, "--engine", "onnx", .. recordings]);
        Assert.Equal(ExitCodes.BadArguments, missing);
        Assert.Contains("run `runner export", missingErr);

        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "export", "--model", checkpoint, "--format", "onnx");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains(Path.Combine(checkpoint, "model.onnx"), stdout);

        var torch = await CliArgumentTests.Run(null, ["predict", "--model", checkpoint, "--format", "csv", "--features", "cpu", .. recordings]);
        var onnx = await CliArgumentTests.Run(null, ["predict", "--model", checkpoint, "--engine", "onnx", "--format", "csv", "--features", "cpu", .. recordings]);
        Assert.True(torch.Code == ExitCodes.Success && onnx.Code == ExitCodes.Success, torch.Err + onnx.Err);
        var (t, o) = (Rows(torch.Out), Rows(onnx.Out));
        Assert.Equal(recordings.Length, t.Count);
        Assert.Equal(t.Keys.Order(), o.Keys.Order());
        double diff = t.Keys.SelectMany(k => t[k].Zip(o[k], (a, b) => Math.Abs(a - b))).Max();
        output.WriteLine($"{task}: max |p_onnx - p_torch| over {t.Count} recordings = {diff:E2}");
        Assert.True(diff <= 1e-4, $"max difference {diff}");
    }

    [SkippableFact]
    public async Task Pytorch_export_writes_the_renamed_state_dict_and_reference_chunks()
    {
        Skip.If(TestData.Dataset("jordan") is null, TestData.SkipReason);
        using var tmp = new TempFolder();
        var checkpoint = Checkpoint(tmp, TaskRegistry.Pneumonia);
        var target = tmp.Combine("out", "tiny.pt");
        var recording = Directory.GetFiles(TestData.Dataset("jordan")!, "*.wav").Order(StringComparer.Ordinal).First();
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "export", "--model", checkpoint, "--format", "pytorch", "--out", target, "--reference", recording);
        Assert.True(code == ExitCodes.Success, stderr);

        var stateDict = PyTorchUnpickler.UnpickleStateDict(target);
        Assert.Equal(["conv1.conv.bias", "conv1.conv.weight", "conv2.conv.bias", "conv2.conv.weight", "head.bias", "head.weight",
            "norm1.bias", "norm1.num_batches_tracked", "norm1.running_mean", "norm1.running_var", "norm1.weight",
            "norm2.bias", "norm2.num_batches_tracked", "norm2.running_mean", "norm2.running_var", "norm2.weight"],
            stateDict.Keys.Cast<string>().Order(StringComparer.Ordinal));
        var reference = PyTorchUnpickler.UnpickleStateDict(Path.Combine(tmp.Combine("out"), "tiny.reference.pt"));
        var inputs = (TorchSharp.torch.Tensor)reference["inputs"]!;
        var probabilities = (TorchSharp.torch.Tensor)reference["probabilities"]!;
        Assert.Equal(1, inputs.shape[1]);
        Assert.Equal(inputs.shape[0], probabilities.shape[0]);
        Assert.InRange(inputs.shape[0], 1, 8);
    }

    /// <summary>The renamed keys are exactly those of the PyTorch class (fixture written by
    /// <c>check_export.py --print-keys MODEL 1</c>; regenerate it when pytorch_train.py changes), with equal shapes
    /// implied by check_export.py's strict load.</summary>
    [Theory]
    [InlineData("mixednet")]
    [InlineData("model9")]
    [InlineData("tiny")]
    public void Every_state_dict_key_maps_to_a_key_of_the_pytorch_class(string model)
    {
        using var network = ModelRegistry.Find(model).ThrowIfFail().Create(new ModelShape(64, 40, 1), 1);
        var renamed = StateDictExport.Renamed(network, model).ThrowIfFail();
        var expected = File.ReadAllLines(Path.Combine(TestData.RepositoryRoot, "tests", "Export", "Fixtures", $"pytorch_keys_{model}.txt"))
            .Where(l => l.Length > 0);
        Assert.Equal(network.state_dict().Count, renamed.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), renamed.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Every registered model, fixture or not, names each state-dict key, and no two alike.</summary>
    [Theory]
    [MemberData(nameof(RegisteredModels))]
    public void Every_registered_model_names_every_state_dict_key_once(string model)
    {
        using var network = ModelRegistry.Find(model).ThrowIfFail().Create(new ModelShape(32, 20, 2), 1);
        var renamed = StateDictExport.Renamed(network, model).ThrowIfFail();
        Assert.Equal(network.state_dict().Count, renamed.Count);
    }

    public static TheoryData<string> RegisteredModels => new(ModelRegistry.Names);

    [Fact]
    public async Task Bad_combinations_are_refused_with_the_reason()
    {
        var (code, _, err) = await CliArgumentTests.Run(null, "export", "--model", "/nonexistent", "--format", "pytorch", "--with-frontend");
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("--with-frontend applies to --format onnx", err);
        (code, _, err) = await CliArgumentTests.Run(null, "predict", "--model", "/nonexistent", "--engine", "onnx", "--device", "cuda", "x.wav");
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("--engine onnx runs on the CPU", err);
        // Without CUDA, --device cuda names the build switch that brings TorchSharp-cuda-linux.
        if (!TorchSharp.torch.cuda.is_available())
            DataflowLung.Model.Training.DeviceSelection.Resolve("cuda").Match(
                Succ: _ => Assert.Fail("cuda resolved without CUDA"),
                Fail: e => Assert.Contains("-p:DataflowLungCuda=true", e.Message));
    }
}
