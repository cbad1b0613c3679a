using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>One model9 stage: 2 × InvertedResidual(f, k) → AvgPool2 (valid) → BN → Dropout.</summary>
public sealed class Model9Stage : nn.Module<Tensor, Tensor>, IDescribesLayers
{
    /// <summary>Names in the PyTorch class (bench/anchors/pytorch_train.py), a Sequential: 0 and 1 the blocks, 2 the BN.</summary>
    public static StateDictNames PyTorchNames { get; } =
        InvertedResidual.PyTorchNames.Under(@"first\.", "0.")
            .Then(InvertedResidual.PyTorchNames.Under(@"second\.", "1."))
            .Then(StateDictNames.Of((@"norm\." + StateDictNames.BatchNorm, "2.$1")));

    private readonly InvertedResidual first, second;

    /// <summary>The stage's first inverted-residual block.</summary>
    public InvertedResidual First => first;
    private readonly BatchNorm2d norm;
    private readonly Dropout dropout;

    public Model9Stage(long inChannels, long filters, long kernel, double dropoutRate, Generator generator) : base(nameof(Model9Stage))
    {
        first = new InvertedResidual(inChannels, filters, kernel, generator);
        second = new InvertedResidual(filters, filters, kernel, generator);
        norm = KerasInit.BatchNorm(filters);
        dropout = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    public Layer Describe() => Layer.Seq(first, second, Layer.AvgPool2Valid, norm, dropout);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = second.call(first.call(input));
        return dropout.call(norm.call(SamePadding.AvgPool2Valid(x))).MoveToOuterDisposeScope();
    }
}
