using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>TorchSharp's Adam with the same update, operation for operation, but with every scalar argument made
/// explicitly and kept alive until its native call has returned.
/// <para>Why: TorchSharp 0.107's <see cref="Adam.step"/> passes each coefficient as an implicit <see cref="Scalar"/>, a
/// temporary whose native handle is freed by its finalizer. Once the handle is read, nothing keeps the object alive, so a
/// garbage collection started by another thread during the native call (in a job, the Dataflow pipeline allocates
/// beside every step) can finalize it and free the scalar while libtorch reads it: "Expected false to be true ... from
/// toDouble" in <c>div</c>, an abort, or a wrong coefficient. Reproduced in seconds with a thread allocating and
/// collecting beside Adam steps (<c>ScalarSafeAdamTests</c>); not with this class. The state (<see cref="Adam.State"/>),
/// its checkpoint format and the options are TorchSharp's own, so old optimizer.pt files load as before.</para></summary>
public sealed class ScalarSafeAdam : Adam
{
    public ScalarSafeAdam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad: false, maximize: false)
    {
    }

    /// <summary>One Adam step over every parameter with a gradient (TorchSharp's order of operations, amsgrad and
    /// maximize included, so the results are bit-identical to <see cref="Adam.step"/>).</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
        double eps = options.eps!.Value, lr = options.LearningRate!.Value;
        bool amsgrad = options.amsgrad!.Value, maximize = options.maximize!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var oneMinusBeta1 = (1 - beta1).ToScalar();
        using var oneMinusBeta2 = (1 - beta2).ToScalar();
        using var epsScalar = eps.ToScalar();
        using var decay = weightDecay.ToScalar();
        using var one = 1.0.ToScalar(); // add_(scalar) would make its default alpha as another implicit scalar
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            if (param.grad is not { } raw) continue;
            var grad = maximize ? -raw : raw;
            state.step += 1;
            var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0) grad = grad.add(param, alpha: decay);
            state.exp_avg.mul_(beta1Scalar).add_(grad, alpha: oneMinusBeta1);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad.conj(), value: oneMinusBeta2);
            using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
            Tensor denom;
            if (amsgrad)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                denom = state.max_exp_avg_sq.sqrt().div(correction2).add_(epsScalar, one);
            }
            else denom = state.exp_avg_sq.sqrt().div(correction2).add_(epsScalar, one);
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            param.addcdiv_(state.exp_avg, denom, value: stepSize);
        }
    }, closure);
}
