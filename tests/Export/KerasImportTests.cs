using DataflowLung.Export.Keras;
using DataflowLung.Experiments.Export;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Runner;
using DataflowLung.Tests.Support;
using PureHDF;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Export;

/// <summary><c>runner import --from keras</c>: the original's Keras HDF5 weights (both layouts) into our mixednet and
/// model9, outputs within 1e-5 of the model the weights came from, and clear refusals naming the layer.</summary>
public sealed class KerasImportTests(ITestOutputHelper output)
{
    const int Mels = 32, Frames = 40;
    static readonly ModelShape Shape = new(Mels, Frames, 1);
    static string Fixtures => Path.Combine(TestData.RepositoryRoot, "tests", "Export", "Fixtures", "keras");

    static nn.Module<Tensor, Tensor> Fresh(string model, long seed = 99) => ModelRegistry.Find(model).ThrowIfFail().Create(Shape, seed);

    static KerasWeightsFile Read(string path) => KerasWeightsFile.Read(path).ThrowIfFail();

    static float[] Probabilities(nn.Module<Tensor, Tensor> network, float[] inputs)
    {
        network.eval();
        using var _ = no_grad();
        using var x = tensor(inputs, [inputs.Length / (Mels * Frames), 1, Mels, Frames]);
        using var y = network.call(x);
        using var p = nn.functional.sigmoid(y);
        return p.data<float>().ToArray();
    }

    static float[] DbLikeInputs(int n, long seed)
    {
        using var g = new Generator((ulong)seed, CPU);
        using var x = randn([n, 1, Mels, Frames], generator: g) * 10f - 40f;
        return x.data<float>().ToArray();
    }

    static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    [Theory]
    [InlineData("mixednet_weights.h5")]
    [InlineData("mixednet_full.h5")]
    public void Python_written_mixednet_file_gives_its_pytorch_twins_probabilities(string file)
    {
        using var expected = H5File.OpenRead(Path.Combine(Fixtures, "mixednet_expected.h5"));
        var inputs = expected.Dataset("inputs").Read<float[]>();
        var probabilities = expected.Dataset("probabilities").Read<float[]>();
        var keras = Read(Path.Combine(Fixtures, file));
        Assert.Equal(file.Contains("full"), keras.ModelConfig.IsSome);
        Assert.Empty(KerasImport.ConfigProblems(keras, Shape));
        using var network = Fresh("mixednet");
        KerasImport.Load(network, MixedNetKeras.Layout, keras).ThrowIfFail();
        var ours = Probabilities(network, inputs);
        double diff = MaxDifference(ours, probabilities);
        output.WriteLine($"{file}: max |p_imported − p_pytorch twin| = {diff:E2} over {probabilities.Length} outputs");
        Assert.True(diff <= 1e-5, $"max difference {diff}");
    }

    [Theory]
    [InlineData("mixednet", false)]
    [InlineData("mixednet", true)]
    [InlineData("model9", false)]
    [InlineData("model9", true)]
    public void Our_model_round_trips_through_a_keras_layout_file(string model, bool full)
    {
        var info = ExportFixtures.Info(model, TestTasks.Named("pneumonia"), FeatureParams.Default with { NMels = Mels }, new ChunkParams());
        info = info with { Frames = Frames };
        using var original = ExportFixtures.PerturbedNetwork(info, seed: 7, DbLikeInputs(6, 3));
        using var tmp = new TempFolder();
        var path = tmp.Combine($"{model}.h5");
        var layout = KerasLayouts.Find(model).ThrowIfFail();
        KerasFixtureWriter.Write(path, layout, original, full);
        using var imported = Fresh(model);
        KerasImport.Load(imported, layout, Read(path)).ThrowIfFail();
        var inputs = DbLikeInputs(4, 11);
        var expected = Probabilities(original, inputs);
        ExportFixtures.AssertInputDependent(expected, 1);
        double diff = MaxDifference(Probabilities(imported, inputs), expected);
        output.WriteLine($"{model} ({(full ? "model.save" : "save_weights")} layout): max |p_imported − p_original| = {diff:E2}");
        Assert.True(diff <= 1e-5, $"max difference {diff}");
    }

    [Fact]
    public void A_missing_layer_is_named()
    {
        using var network = Fresh("mixednet", 1);
        using var tmp = new TempFolder();
        var path = tmp.Combine("missing.h5");
        KerasFixtureWriter.Write(path, MixedNetKeras.Layout, network, full: false, skip: new HashSet<string> { "batch_normalization_2" });
        using var target = Fresh("mixednet");
        var error = KerasImport.Load(target, MixedNetKeras.Layout, Read(path)).Match(_ => "", e => e.Message);
        Assert.Contains("missing layer 'batch_normalization_2'", error);
        Assert.Contains("block 3's BatchNormalization", error);
        Assert.Contains(path, error);
    }

    [Fact]
    public void A_wrong_shape_names_the_layer_and_both_shapes()
    {
        using var network = Fresh("model9", 1);
        using var tmp = new TempFolder();
        var path = tmp.Combine("shape.h5");
        KerasFixtureWriter.Write(path, Model9Keras.Layout, network, full: false, reshape: ("conv2d_3/kernel:0", [5, 5, 16, 15]));
        using var target = Fresh("model9");
        var error = KerasImport.Load(target, Model9Keras.Layout, Read(path)).Match(_ => "", e => e.Message);
        Assert.Contains("layer 'conv2d_3' weight 'conv2d_3/kernel:0' has shape [5, 5, 16, 15]", error);
        Assert.Contains("needs [5, 5, 16, 16]", error);
        Assert.Contains("inception.conv5.conv.weight", error);
    }

    [Fact]
    public void A_layer_the_original_model_lacks_is_refused()
    {
        using var network = Fresh("mixednet", 1);
        using var tmp = new TempFolder();
        var path = tmp.Combine("foreign.h5");
        KerasFixtureWriter.Write(path, MixedNetKeras.Layout, network, full: false, extraLayers: ["lstm"]);
        using var target = Fresh("mixednet");
        var error = KerasImport.Load(target, MixedNetKeras.Layout, Read(path)).Match(_ => "", e => e.Message);
        Assert.Contains("layer 'lstm'", error);
        Assert.Contains("no counterpart in the original's mixednet", error);
    }

    [Fact]
    public void A_model_config_that_disagrees_is_refused()
    {
        using var network = Fresh("mixednet", 1);
        using var tmp = new TempFolder();
        var path = tmp.Combine("config.h5");
        KerasFixtureWriter.Write(path, MixedNetKeras.Layout, network, full: true, epsilon: 1e-5, input: (128, 311));
        var problems = KerasImport.ConfigProblems(Read(path), Shape);
        Assert.Contains(problems, p => p.Contains("its input is 128×311×1") && p.Contains("32×40×1"));
        Assert.Contains(problems, p => p.Contains("layer 'batch_normalization' has BatchNormalization epsilon 1E-05"));
    }

    [Fact]
    public void A_file_that_is_not_keras_is_refused()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("other.h5");
        new H5File { ["data"] = new float[] { 1, 2 } }.Write(path);
        Assert.Contains("not a Keras HDF5 weights file", KerasWeightsFile.Read(path).Match(_ => "", e => e.Message));
        var text = tmp.Combine("text.h5");
        File.WriteAllText(text, "not hdf5");
        Assert.Contains("cannot read it as HDF5", KerasWeightsFile.Read(text).Match(_ => "", e => e.Message));
    }

    [Theory]
    [InlineData(KerasConversion.Conv2D, new long[] { 2, 3, 4, 5 })]
    [InlineData(KerasConversion.Depthwise, new long[] { 3, 2, 4, 1 })]
    [InlineData(KerasConversion.Dense, new long[] { 6, 2 })]
    public void Each_conversion_matches_torchs_permute(KerasConversion conversion, long[] kerasShape)
    {
        var values = Enumerable.Range(0, (int)kerasShape.Aggregate(1L, (a, b) => a * b)).Select(i => (float)i).ToArray();
        using var k = tensor(values, kerasShape);
        using var expected = conversion switch
        {
            KerasConversion.Conv2D => k.permute(3, 2, 0, 1).contiguous(),
            KerasConversion.Depthwise => k.permute(2, 3, 0, 1).contiguous().reshape(kerasShape[2] * kerasShape[3], 1, kerasShape[0], kerasShape[1]),
            _ => k.t().contiguous(),
        };
        Assert.Equal(expected.data<float>().ToArray(), KerasConversions.ToTorch(conversion, kerasShape, values));
        Assert.Equal(kerasShape, KerasConversions.KerasShape(conversion, expected.shape));
    }

    /// <summary>The original's automatic names: model9's stage BatchNormalizations come after its inverted residuals'
    /// sub-layers (batch_normalization_8, _15, …) and its seventh inverted residual is inverted_residual_6 (Grad-CAM's).</summary>
    [Fact]
    public void Layouts_use_kerass_fresh_session_names()
    {
        var bn = Model9Keras.Layout.Layers.Where(l => l.Kind == "batch_normalization").Select(l => l.DefaultName);
        Assert.Equal(["batch_normalization", "batch_normalization_1", "batch_normalization_8", "batch_normalization_15", "batch_normalization_22", "batch_normalization_29"], bn);
        Assert.Equal("stage 4's first inverted residual", Model9Keras.Layout.Layers.Single(l => l.DefaultName == "inverted_residual_6").Describes);
        Assert.Equal("mix_depth_group_convolution2d_4", MixedNetKeras.Layout.Layers.Where(l => l.Kind == "mix_depth_group_convolution2d").Last().DefaultName);
    }

    /// <summary>Model9's file written by the fixture script (25 MB, not committed): set DATAFLOWLUNG_KERAS_MODEL9 to its
    /// --out folder (make_keras_h5.py --model model9 --out DIR).</summary>
    [SkippableFact]
    public void Python_written_model9_file_gives_its_pytorch_twins_probabilities()
    {
        var dir = Environment.GetEnvironmentVariable("DATAFLOWLUNG_KERAS_MODEL9");
        Skip.If(dir is null, "DATAFLOWLUNG_KERAS_MODEL9 is not set (make_keras_h5.py --model model9 --out DIR writes the 25 MB files)");
        using var expected = H5File.OpenRead(Path.Combine(dir, "model9_expected.h5"));
        var inputs = expected.Dataset("inputs").Read<float[]>();
        var probabilities = expected.Dataset("probabilities").Read<float[]>();
        foreach (var file in new[] { "model9_weights.h5", "model9_full.h5" })
        {
            var keras = Read(Path.Combine(dir, file));
            Assert.Empty(KerasImport.ConfigProblems(keras, Shape));
            using var network = Fresh("model9");
            KerasImport.Load(network, Model9Keras.Layout, keras).ThrowIfFail();
            double diff = MaxDifference(Probabilities(network, inputs), probabilities);
            output.WriteLine($"{file}: max |p_imported − p_pytorch twin| = {diff:E2}");
            Assert.True(diff <= 1e-5, $"{file}: max difference {diff}");
        }
    }

    /// <summary>Through the CLI: import writes a model folder that export takes; a second import into it is refused.</summary>
    [Fact]
    [Trait(TestCategory.Name, TestCategory.EndToEnd)]
    public async Task Import_writes_a_model_folder_that_export_takes()
    {
        using var tmp = new TempFolder();
        var dir = tmp.Combine("imported");
        string[] args = ["import", "--from", "keras", Path.Combine(Fixtures, "mixednet_full.h5"), "--model", "mixednet", "--out", dir,
            "--set", $"n_mels={Mels}", "--set", "hop_length=2025"];
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, args);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("imported", stdout);
        var info = CheckpointStore.ReadInfo(dir).ThrowIfFail();
        Assert.Equal(("mixednet", Mels, Frames, "original"), (info.Model, info.Mels, info.Frames, "original"));
        Assert.True(File.Exists(Path.Combine(dir, KerasImport.ProvenanceFile)));

        var (exported, _, exportErr) = await CliArgumentTests.Run(null, "export", "--model", dir, "--format", "pytorch");
        Assert.True(exported == ExitCodes.Success, exportErr);
        Assert.True(File.Exists(Path.Combine(dir, "model.pytorch.pt")));

        var (again, _, againErr) = await CliArgumentTests.Run(null, args);
        Assert.Equal(ExitCodes.BadArguments, again);
        Assert.Contains("already holds a model", againErr);

        var (wrong, _, wrongErr) = await CliArgumentTests.Run(null, ["import", "--from", "keras", Path.Combine(Fixtures, "mixednet_full.h5"), "--model", "model9", "--out", tmp.Combine("m9"),
            "--set", $"n_mels={Mels}", "--set", "hop_length=2025"]);
        Assert.Equal(ExitCodes.BadArguments, wrong);
        Assert.Contains("mix_depth_group_convolution2d", wrongErr);
    }
}
