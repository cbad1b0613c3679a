using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>model9's inception block: [1×1(16) → 3×3(16)], [1×1(16) → 5×5(16)], [3×3 max pool, stride 1, same
/// → 1×1(16)], concatenated (48 channels). Keras Conv2D defaults (bias, glorot_uniform), ReLU after each conv.</summary>
public sealed class InceptionBlock : nn.Module<Tensor, Tensor>, IDescribesLayers
{
    public const long BranchFilters = 16;
    public const long OutputChannels = 3 * BranchFilters;

    /// <summary>Names in the PyTorch class (bench/anchors/pytorch_train.py): r3, c3, r5, c5, pp.</summary>
    public static StateDictNames PyTorchNames { get; } = StateDictNames.Of(
        (@"reduce3\.conv\.(weight|bias)", "r3.conv.$1"), (@"conv3\.conv\.(weight|bias)", "c3.conv.$1"),
        (@"reduce5\.conv\.(weight|bias)", "r5.conv.$1"), (@"conv5\.conv\.(weight|bias)", "c5.conv.$1"),
        (@"poolProjection\.conv\.(weight|bias)", "pp.conv.$1"));

    private readonly SameConv2d reduce3, conv3, reduce5, conv5, poolProjection;

    public InceptionBlock(long inChannels, Generator generator) : base(nameof(InceptionBlock))
    {
        reduce3 = SameConv2d.Keras(inChannels, BranchFilters, 1, generator);
        conv3 = SameConv2d.Keras(BranchFilters, BranchFilters, 3, generator);
        reduce5 = SameConv2d.Keras(inChannels, BranchFilters, 1, generator);
        conv5 = SameConv2d.Keras(BranchFilters, BranchFilters, 5, generator);
        poolProjection = SameConv2d.Keras(inChannels, BranchFilters, 1, generator);
        RegisterComponents();
    }

    public Layer Describe() => Layer.Branches(
        Layer.Seq(reduce3, Layer.Relu, conv3, Layer.Relu),
        Layer.Seq(reduce5, Layer.Relu, conv5, Layer.Relu),
        Layer.Seq(Layer.MaxPool3Same, poolProjection, Layer.Relu));

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var a = nn.functional.relu(conv3.call(nn.functional.relu(reduce3.call(input))));
        var b = nn.functional.relu(conv5.call(nn.functional.relu(reduce5.call(input))));
        // Max pooling pads with −∞, which is what TF's "same" max pooling amounts to.
        var c = nn.functional.relu(poolProjection.call(nn.functional.max_pool2d(input, 3, 1, 1)));
        return torch.cat([a, b, c], 1).MoveToOuterDisposeScope();
    }
}
