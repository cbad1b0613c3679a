namespace DataflowLung.Model.Training;

/// <summary>Keras-style ReduceLROnPlateau and EarlyStopping on one monitored metric, as one pure step.</summary>
public static class Plateau
{
    public sealed record Step(PlateauState State, bool Improved, bool Stop);

    /// <summary>Advances by one epoch's monitored <paramref name="value"/> (null when undefined: never an
    /// improvement). An improvement beats the best by more than min delta. After <c>LrPatience</c> epochs without
    /// one the LR is multiplied by the factor (not below the minimum) and the count restarts; after
    /// <c>EarlyStoppingPatience</c> epochs without one training stops.</summary>
    public static Step Advance(PlateauState s, int epoch, double? value, bool maximise, TrainParams p)
    {
        bool improved = value is { } v && (s.Best is not { } best || (maximise ? v > best + p.MinDelta : v < best - p.MinDelta));
        if (improved)
            return new Step(s with { Best = value, BestEpoch = epoch, EpochsWithoutImprovement = 0, EpochsSinceLrStep = 0 }, true, false);
        int without = s.EpochsWithoutImprovement + 1;
        int sinceStep = s.EpochsSinceLrStep + 1;
        double lr = s.LearningRate;
        if (sinceStep >= p.LrPatience)
        {
            lr = Math.Max(lr * p.LrFactor, p.MinLearningRate);
            sinceStep = 0;
        }
        return new Step(s with { EpochsWithoutImprovement = without, EpochsSinceLrStep = sinceStep, LearningRate = lr },
            false, without >= p.EarlyStoppingPatience);
    }

    public static bool Maximises(string monitor) => !monitor.Contains("loss", StringComparison.OrdinalIgnoreCase);
}
