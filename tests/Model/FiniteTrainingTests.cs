using DataflowLung.Pipeline.Tasks;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary>Every registered model, on realistic log-mel input (a real recording through the project's feature
/// backend): one training step gives a finite loss, finite gradients and finite weights; one validation pass gives
/// finite probabilities and a finite loss. On libtorch 2.10 with AVX-512 the unfixed mixednet failed the first.</summary>
public sealed class FiniteTrainingTests
{
    public static TheoryData<string> Models => new(ModelRegistry.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public async Task One_training_step_and_one_validation_pass_are_finite(string name)
    {
        var train = LogMelBatches.Make(6);
        var validation = LogMelBatches.Make(4, offsetChunks: 6);
        var shape = new ModelShape(train.Mels, train.Frames, 1);
        using var model = ModelRegistry.Find(name).ThrowIfFail().Create(shape, seed: 3);
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, weight_decay: 1e-4);
        var weights = ClassWeights.Balanced(Enumerable.Range(0, train.Size).Select(i => train.Labels.AsSpan(i, 1).ToArray()).ToArray(),
            TaskRegistry.Pneumonia).ThrowIfFail();

        model.train();
        var step = TrainStep.Run(model, optimizer, train, weights, 0, CPU);
        Assert.True(step.NonFinite.IsNone, $"{name}: {step.NonFinite.IfNone("")}");
        Assert.True(double.IsFinite(step.Loss), $"{name}: loss {step.Loss}");
        foreach (var (parameterName, p) in model.named_parameters())
        {
            Assert.True(p.isfinite().all().item<bool>(), $"{name}: {parameterName} is not finite after the step");
            if (p.requires_grad) Assert.True(p.grad!.isfinite().all().item<bool>(), $"{name}: gradient of {parameterName} is not finite");
        }

        var evaluated = (await Evaluation.RunAsync(model, shape, CPU, One(validation), TaskRegistry.Pneumonia, CancellationToken.None)).ThrowIfFail();
        Assert.Equal(validation.Size, evaluated.Predictions.Count);
        Assert.All(evaluated.Predictions, p => Assert.True(double.IsFinite(p.Probabilities[0]) && p.Probabilities[0] is >= 0 and <= 1, $"{name}: {p.Name} {p.Probabilities[0]}"));
        Assert.True(evaluated.Loss is { } loss && double.IsFinite(loss), $"{name}: validation loss {evaluated.Loss}");
    }

    private static async IAsyncEnumerable<Batch> One(Batch batch)
    {
        await Task.Yield();
        yield return batch;
    }
}
