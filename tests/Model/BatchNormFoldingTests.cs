using DataflowLung.Pipeline.Tasks;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary>BatchNorm folding (<see cref="BatchNormFolding"/>) changes no prediction: on real log-mel input, with
/// BatchNorms that are far from the identity (as after training), the folded copy's probabilities match the
/// model's within float32 rounding, for every registered model; the copy has fewer BatchNorms and the model is untouched.</summary>
public sealed class BatchNormFoldingTests
{
    public static TheoryData<string> Models => new(ModelRegistry.Names);

    /// <summary>BatchNorms left after folding: tiny none (both follow a convolution); mixednet the four that follow
    /// ReLU and pooling (the last block's folds into the head); model9 the input, inception and four stage BatchNorms
    /// (after pooling), every inverted residual's three folding into its convolutions.</summary>
    private static readonly Dictionary<string, (int Before, int After)> BatchNorms = new()
    {
        ["tiny"] = (2, 0),
        ["mixednet"] = (5, 4),
        ["model9"] = (36, 6),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void The_folded_model_predicts_the_same_probabilities_on_real_log_mel_input(string name)
    {
        var factory = ModelRegistry.Find(name).ThrowIfFail();
        var batch = LogMelBatches.Make(6);
        var shape = new ModelShape(batch.Mels, batch.Frames, 1);
        using var model = factory.Create(shape, seed: 11);
        Trained(model);
        model.eval();

        var (logits, probabilities) = Predict(model, batch);
        using var folded = BatchNormFolding.Folded(factory, shape, model);
        var (foldedLogits, foldedProbabilities) = Predict(folded, batch);

        // Not saturated, so probabilities can show a difference.
        Assert.Contains(probabilities, p => p is > 0.02f and < 0.98f);
        for (int i = 0; i < probabilities.Length; i++)
        {
            Assert.True(Math.Abs(foldedProbabilities[i] - probabilities[i]) <= 1e-5,
                $"{name} on {LogMelBatches.Source}, chunk {i}: folded p = {foldedProbabilities[i]}, unfolded {probabilities[i]}");
            Assert.True(Math.Abs(foldedLogits[i] - logits[i]) <= 1e-4 * (1 + Math.Abs(logits[i])),
                $"{name}, chunk {i}: folded logit {foldedLogits[i]}, unfolded {logits[i]}");
        }
        // The model itself still predicts as before.
        Assert.Equal(probabilities, Predict(model, batch).Probabilities);
    }

    /// <summary>The models whose counts <see cref="BatchNorms"/> records (a new model need not fold anything).</summary>
    public static TheoryData<string> CountedModels => new(BatchNorms.Keys);

    [Theory]
    [MemberData(nameof(CountedModels))]
    public void The_folded_model_has_fewer_batch_norms_and_the_model_keeps_its_own(string name)
    {
        var factory = ModelRegistry.Find(name).ThrowIfFail();
        var shape = new ModelShape(LogMelBatches.Mels, LogMelBatches.Frames, 1);
        using var model = factory.Create(shape, seed: 3);
        using var folded = BatchNormFolding.Folded(factory, shape, model);

        var (before, after) = BatchNorms[name];
        Assert.Equal(before, Count(model));
        Assert.Equal(after, Count(folded));
        Assert.True(after < before);
        Assert.False(folded.training);
    }

    private static int Count(nn.Module model) => model.modules().Count(m => m is BatchNorm2d);

    /// <summary>Gives every BatchNorm the kind of statistics and affine parameters training leaves (a fresh one is
    /// close to the identity, under which a wrong fold would go unseen), deterministically.</summary>
    private static void Trained(nn.Module model)
    {
        using var generator = new Generator(7, CPU);
        using var _ = no_grad();
        foreach (var norm in model.modules().OfType<BatchNorm2d>())
        {
            norm.weight!.uniform_(0.5, 1.5, generator);
            norm.bias!.uniform_(-0.3, 0.3, generator);
            norm.running_mean!.uniform_(-0.3, 0.3, generator);
            norm.running_var!.uniform_(0.5, 2.0, generator);
        }
    }

    private static (float[] Logits, float[] Probabilities) Predict(nn.Module<Tensor, Tensor> model, Batch batch)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var logits = model.call(BatchTensors.Inputs(batch, CPU));
        return (logits.data<float>().ToArray(), TaskHead.Probabilities(TaskRegistry.Pneumonia, logits).data<float>().ToArray());
    }
}
