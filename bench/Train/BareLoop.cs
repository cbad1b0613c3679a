using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Bench;

/// <summary>The bare libtorch training loop the trainer's step is measured against: the batch's input, label and
/// sample-weight tensors built once, then per step only forward → BCE-with-logits with the weights → zero_grad →
/// backward → Adam step (no tensor conversion, no loss read-back, no non-finite check).</summary>
public sealed class BareLoop : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly OptimizerHelper optimizer;
    private readonly Tensor inputs, target, weights;

    private BareLoop(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, Tensor inputs, Tensor target, Tensor weights)
    {
        this.model = model;
        this.optimizer = optimizer;
        this.inputs = inputs;
        this.target = target;
        this.weights = weights;
    }

    public static BareLoop Create(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, Batch batch, ClassWeightTable weights) =>
        new(model, optimizer, BatchTensors.Inputs(batch, CPU).DetachFromDisposeScope(), BatchTensors.Labels(batch, CPU).DetachFromDisposeScope(),
            BatchTensors.SampleWeights(batch, weights, CPU).DetachFromDisposeScope());

    public void Step()
    {
        // The scope only frees the step's activations, as Python's garbage collector would.
        using var scope = NewDisposeScope();
        var loss = nn.functional.binary_cross_entropy_with_logits(model.call(inputs), target, weights);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }

    public void Dispose()
    {
        inputs.Dispose();
        target.Dispose();
        weights.Dispose();
    }
}
