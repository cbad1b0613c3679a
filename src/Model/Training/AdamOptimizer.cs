using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>The trainer's Adam from <see cref="TrainParams"/>: β = (0.9, 0.999) as in PyTorch and Keras (TorchSharp
/// 0.107's own default β2 is 0.99, so it is passed explicitly), ε = <see cref="TrainParams.AdamEpsilon"/>, and
/// <see cref="TrainParams.WeightDecay"/> as torch's L2 term added to the gradient. Keras' <c>decay</c> is not an
/// optimizer argument here: it is <see cref="LearningRateSchedule"/>, applied by the trainer before each step.</summary>
public static class AdamOptimizer
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;

    /// <summary>TorchSharp's Adam update through <see cref="ScalarSafeAdam"/> (its scalars kept alive across their native
    /// calls: TorchSharp's own step can read a freed scalar when another thread's allocation starts a collection).</summary>
    public static Adam Create(IEnumerable<Parameter> parameters, TrainParams p) =>
        new ScalarSafeAdam(parameters, p.LearningRate, Beta1, Beta2, p.AdamEpsilon, p.WeightDecay);
}
