using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Explain;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Model;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Original;

/// <summary>Grad-CAM at the last convolutional block: one finite, non-negative value per input time-frequency bin for
/// every registered model, and on data whose class is a tone in a known band, the map's mass lies in that band.</summary>
public sealed class GradCamTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dataflowlung-gradcam-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public static TheoryData<string> Models => new(ModelRegistry.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_registered_model_gives_a_finite_non_negative_map_of_the_input_shape(string name)
    {
        const int mels = 64, frames = 72, batch = 2;
        using var model = ModelRegistry.Find(name).ThrowIfFail().Create(new ModelShape(mels, frames, 2), seed: 3);
        Assert.IsAssignableFrom<IGradCamTarget>(model);
        var rng = new Random(7);
        var values = Enumerable.Range(0, batch * mels * frames).Select(_ => (float)rng.NextDouble()).ToArray();
        using var input = tensor(values, [batch, 1, mels, frames]);
        foreach (var output in new[] { 0, 1 })
        {
            var maps = GradCam.Compute(model, input, output).ThrowIfFail();
            Assert.Equal(batch, maps.Length);
            Assert.All(maps, m => Assert.Equal(mels * frames, m.Length));
            Assert.All(maps, m => Assert.All(m, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1, $"value {v}")));
        }
        Assert.True(GradCam.Compute(model, input, 2).IsFail); // no third output
        Assert.True(model.training); // left as it was
    }

    [Theory]
    [InlineData("mixednet", 8L)]    // the first Conv2D: 8 filters, at the input's resolution
    [InlineData("model9", 256L)]    // inverted_residual_6: the first block of the 256-filter stage
    [InlineData("tiny", -1L)]       // no original layer: its last block
    public void The_original_layer_is_the_originals_and_gives_valid_maps(string name, long channels)
    {
        const int mels = 64, frames = 72;
        using var model = ModelRegistry.Find(name).ThrowIfFail().Create(new ModelShape(mels, frames, 1), seed: 3);
        var target = (IGradCamTarget)model;
        if (channels < 0) Assert.Same(target.LastConvBlock, target.OriginalCamLayer);
        else Assert.NotSame(target.LastConvBlock, target.OriginalCamLayer);
        long[]? seen = null;
        var hook = target.OriginalCamLayer.register_forward_hook((_, _, result) => { seen = result.shape; return null!; });
        var rng = new Random(5);
        using var input = tensor(Enumerable.Range(0, mels * frames).Select(_ => (float)rng.NextDouble()).ToArray(), [1, 1, mels, frames]);
        var maps = GradCam.Compute(model, input, 0, CamLayer.Original).ThrowIfFail();
        hook.remove();
        Assert.NotNull(seen);
        if (channels > 0) Assert.Equal(channels, seen![1]);
        if (name == "mixednet") Assert.Equal(new long[] { 1, 8, mels, frames }, seen);
        Assert.All(maps.Single(), v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1, $"value {v}"));
    }

    [Fact]
    public async Task On_a_tone_in_a_known_band_the_map_of_a_trained_model_puts_its_mass_in_that_band()
    {
        // Positives carry a tone in mel rows 8–11 (SyntheticBatches); the rest is noise in both classes.
        var data = new SyntheticBatches(64, 1, seed: 11);
        var train = new TrainParams(Model: "tiny", Epochs: 6, BatchSize: 8, LearningRate: 1e-2, Seed: 5, Monitor: "val_loss",
            EarlyStoppingPatience: 100, LrPatience: 100);
        var job = new TrainingJob(new ModelShape(SyntheticBatches.Mels, SyntheticBatches.Frames, 1), TaskRegistry.Pneumonia, train,
            FeatureParams.Default, new ChunkParams(), folder, ClassWeights.Balanced(data.Labels.ToArray(), TaskRegistry.Pneumonia).ThrowIfFail());
        var outcome = (await Trainer.RunAsync(job, new BatchSources(_ => data.Stream(8), () => data.Stream(8)))).ThrowIfFail();
        using var predictor = Predictor.Load(outcome.BestDirectory).ThrowIfFail();

        var positives = data.Batches(64).Single();
        var maps = predictor.GradCam(positives).ThrowIfFail();
        var inBand = new List<double>();
        for (int i = 0; i < positives.Size; i++)
        {
            if (positives.Labels[i] < 0.5f) continue;
            var map = maps[i];
            double total = map.Sum(), band = 0;
            for (int row = 6; row < 14; row++) // the tone's 4 rows and the 2 either side the 2×-pooled map blurs into
                for (int t = 0; t < SyntheticBatches.Frames; t++) band += map[row * SyntheticBatches.Frames + t];
            if (total > 0) inBand.Add(band / total);
        }
        Assert.NotEmpty(inBand);
        // Uniform mass would put 8/32 = 25 % in those rows.
        Assert.True(inBand.Average() > 0.6, $"mean share of the map in the tone's band: {inBand.Average():P1} over {inBand.Count} positives");
    }
}
