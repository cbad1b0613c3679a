using DataflowLung.Model.Training;
using DataflowLung.Pipeline;

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
    public void Balanced_class_weights_are_n_over_k_times_count()
    {
        var w = ClassWeights.Balanced(LearningTask.Pneumonia, [[1f], [0f], [0f], [0.2f]]);
        Assert.Equal([4.0 / (2 * 3), 4.0 / (2 * 1)], w.PerClass);
        Assert.Equal(2.0, w.WeightOf([0.7f])); // a soft label counts as its hard class
        var cw = ClassWeights.Balanced(LearningTask.CracklesWheezes, [[0f, 0f], [1f, 0f], [1f, 1f], [0f, 0f]]);
        Assert.Equal([4.0 / 8, 4.0 / 4, 0.0, 4.0 / 4], cw.PerClass);
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
