using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>A very small CNN (two conv → BN → ReLU → pool stages, 8 and 16 channels, GAP, dense) that trains in
/// seconds on two CPU cores: for tests and demos, not for results.</summary>
public sealed class TinyCnn : nn.Module<Tensor, Tensor>
{
    private readonly SameConv2d conv1, conv2;
    private readonly BatchNorm2d norm1, norm2;
    private readonly Linear head;

    public TinyCnn(ModelShape shape) : base(nameof(TinyCnn))
    {
        conv1 = SameConv2d.Keras(1, 8, 3);
        norm1 = KerasInit.BatchNorm(8);
        conv2 = SameConv2d.Keras(8, 16, 3);
        norm2 = KerasInit.BatchNorm(16);
        head = KerasInit.Dense(16, shape.Outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = SamePadding.AvgPool2Same(nn.functional.relu(norm1.call(conv1.call(input))));
        x = SamePadding.AvgPool2Same(nn.functional.relu(norm2.call(conv2.call(x))));
        return head.call(x.mean([2L, 3L])).MoveToOuterDisposeScope();
    }
}
