using DataflowLung.Pipeline.Tasks;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using TorchSharp;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Model;

public sealed class PlateauTests
{
    private static readonly TrainParams Defaults = new();

    private static List<Plateau.Step> Run(double?[] values, TrainParams p, bool maximise = true)
    {
        var state = PlateauState.Start(p.LearningRate);
        var steps = new List<Plateau.Step>();
        for (int i = 0; i < values.Length; i++)
        {
            var step = Plateau.Advance(state, i + 1, values[i], maximise, p);
            steps.Add(step);
            state = step.State;
        }
        return steps;
    }

    [Fact]
    public void Lr_halves_after_three_epochs_without_improvement_and_training_stops_after_six()
    {
        var steps = Run([0.6, 0.7, 0.7, 0.65, 0.69, 0.7, 0.5, 0.6, 0.6], Defaults);
        Assert.Equal([true, true, false, false, false, false, false, false, false], steps.Select(s => s.Improved));
        Assert.Equal([1e-3, 1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 2.5e-4, 2.5e-4], steps.Select(s => s.State.LearningRate));
        Assert.Equal(8, steps.FindIndex(s => s.Stop) + 1); // the sixth epoch without improvement after epoch 2
        Assert.Equal(2, steps[^1].State.BestEpoch);
    }

    [Fact]
    public void Min_delta_undefined_values_minimised_monitors_and_the_lr_floor()
    {
        var p = Defaults with { MinDelta = 0.05, LrPatience = 1, MinLearningRate = 4e-4 };
        var steps = Run([1.0, 0.97, null, 0.9], p, maximise: false);
        Assert.Equal([true, false, false, true], steps.Select(s => s.Improved));
        Assert.Equal([1e-3, 5e-4, 4e-4, 4e-4], steps.Select(s => s.State.LearningRate));
        Assert.True(Plateau.Maximises("patient_auc"));
        Assert.False(Plateau.Maximises("val_loss"));
    }

    [Fact]
    public void Sample_weights_come_from_the_balanced_table_with_soft_labels_weighted_by_expectation()
    {
        var table = ClassWeights.Balanced([[1f], [0f], [0f], [0f]], TaskRegistry.Pneumonia).ThrowIfFail();
        float negative = 4f / (2 * 3), positive = 4f / (2 * 1);
        var recording = new RecordingRef("t", "/nowhere/r.wav", "r", "p", new RecordingLabels(0), None);
        var batch = new Batch(new float[3], 3, 1, 1, [1f, 0f, 0.25f], 1, ["a", "b", "c"], [recording, recording, recording]);
        using var weights = BatchTensors.SampleWeights(batch, table, torch.CPU);
        Assert.Equal([3L, 1L], weights.shape);
        var values = weights.data<float>().ToArray();
        Assert.Equal(positive, values[0], 1e-6f);
        Assert.Equal(negative, values[1], 1e-6f);
        Assert.Equal(0.25f * positive + 0.75f * negative, values[2], 1e-6f); // a mixup label: the expected weight
    }

    [Fact]
    public void Defaults_are_the_originals()
    {
        Assert.Equal((45, 16, 1e-3, 1e-4, 0.5, 3, 1e-6, 6, true, 0.0),
            (Defaults.Epochs, Defaults.BatchSize, Defaults.LearningRate, Defaults.WeightDecay, Defaults.LrFactor, Defaults.LrPatience,
             Defaults.MinLearningRate, Defaults.EarlyStoppingPatience, Defaults.ClassWeights, Defaults.LabelSmoothing));
        Assert.Empty(Defaults.Problems());
    }
}
