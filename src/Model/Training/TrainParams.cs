namespace DataflowLung.Model.Training;

/// <summary>Training parameters: Adam lr 1e-3 with an L2 weight decay of 1e-4 (<see cref="WeightDecay"/>, added to the
/// gradient as torch's Adam does), batch 16, 45 epochs, BCE with class weights, no label smoothing; LR × 0.5 after 3
/// epochs without improvement (down to 1e-6); early stopping after 6. <see cref="LrDecay"/> is Keras' per-step
/// learning-rate decay, lr / (1 + decay · step) (0 = off; the original's Adam(decay=1e-4) is this, not an L2 penalty);
/// <see cref="AdamEpsilon"/> is Adam's ε (torch 1e-8, Keras 1e-7). <see cref="Monitor"/> names a key of the validation
/// metrics ("" = the task's default: patient_auc for pneumonia, icbhi_score for cw); metrics with "loss" in their name
/// are minimised.</summary>
public sealed record TrainParams(
    string Model = "mixednet",
    int Epochs = 45,
    int BatchSize = 16,
    double LearningRate = 1e-3,
    double WeightDecay = 1e-4,
    double LrDecay = 0.0,
    double AdamEpsilon = 1e-8,
    double LrFactor = 0.5,
    int LrPatience = 3,
    double MinLearningRate = 1e-6,
    int EarlyStoppingPatience = 6,
    double MinDelta = 0.0,
    string Monitor = "",
    bool ClassWeights = true,
    double LabelSmoothing = 0.0,
    long Seed = 12,
    string Device = "cpu")
{
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (Epochs <= 0) p.Add($"epochs must be positive (got {Epochs})");
        if (BatchSize <= 0) p.Add($"batch size must be positive (got {BatchSize})");
        if (LearningRate <= 0) p.Add($"learning rate must be positive (got {LearningRate})");
        if (WeightDecay < 0) p.Add($"weight decay must be ≥ 0 (got {WeightDecay})");
        if (!(LrDecay >= 0) || !double.IsFinite(LrDecay)) p.Add($"lr_decay must be ≥ 0 (got {LrDecay})");
        if (!(AdamEpsilon > 0) || !double.IsFinite(AdamEpsilon)) p.Add($"adam_epsilon must be positive (got {AdamEpsilon})");
        if (LrFactor is <= 0 or >= 1) p.Add($"LR factor must be in (0, 1) (got {LrFactor})");
        if (LrPatience < 1) p.Add($"LR patience must be ≥ 1 (got {LrPatience})");
        if (MinLearningRate < 0 || MinLearningRate > LearningRate) p.Add($"minimum LR must be in [0, lr] (got {MinLearningRate})");
        if (EarlyStoppingPatience < 1) p.Add($"early-stopping patience must be ≥ 1 (got {EarlyStoppingPatience})");
        if (MinDelta < 0) p.Add($"min delta must be ≥ 0 (got {MinDelta})");
        if (LabelSmoothing is < 0 or >= 1) p.Add($"label smoothing must be in [0, 1) (got {LabelSmoothing})");
        if (Device is not ("cpu" or "cuda")) p.Add($"device must be cpu or cuda (got '{Device}')");
        return p;
    }
}
