using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>The original system's main model: five blocks of Conv2D(f, 3×3, same, ReLU) → MixDepthGroupConv
/// (kernels 3–7) → AvgPool2D(2, same) → BatchNorm, f = 8…128, then global average pooling → Dense (logits;
/// the original's sigmoid is applied at inference). 105,823 Keras parameters at 128×313 with one output.</summary>
public sealed class MixedNet : nn.Module<Tensor, Tensor>, Explain.IGradCamTarget, IDescribesLayers, IFoldsBatchNorm
{
    /// <summary>The registry entry; the PyTorch class keeps each kind of layer in its own list (convs, mixes, norms).</summary>
    public static ModelFactory Entry { get; } = ModelFactory.Of("mixednet",
        "the original's main model: 5 × (3×3 conv → mixed depthwise 3–7 → avg pool → BN), GAP, dense", (s, g) => new MixedNet(s, g),
        StateDictNames.Of(
            (@"blocks\.(\d+)\.conv\.conv\.(weight|bias)", "convs.$1.conv.$2"),
            (@"blocks\.(\d+)\.mix\.groups\.(\d+)\.conv\.weight", "mixes.$1.convs.$2.conv.weight"),
            (@"blocks\.(\d+)\.norm\." + StateDictNames.BatchNorm, "norms.$1.$2"),
            (@"head\.(weight|bias)", "head.$1")));

    /// <summary>Grad-CAM's layer: the fifth block (its output feeds the global average pooling).</summary>
    public nn.Module<Tensor, Tensor> LastConvBlock => blocks[^1];

    /// <summary>The original's Grad-CAM layer: the first Conv2D (<c>model.layers[1]</c>), after its ReLU.</summary>
    public nn.Module<Tensor, Tensor> OriginalCamLayer => blocks[0].ActivatedConv;

    public static IReadOnlyList<long> Filters { get; } = [8, 16, 32, 64, 128];
    public static IReadOnlyList<long> MixKernels { get; } = [3, 4, 5, 6, 7];

    private readonly ModuleList<MixedNetBlock> blocks;
    private readonly Linear head;

    public MixedNet(ModelShape shape, Generator generator) : base(nameof(MixedNet))
    {
        var inputs = new long[] { 1 }.Concat(Filters).ToArray();
        blocks = nn.ModuleList(Filters.Select((f, i) => new MixedNetBlock(inputs[i], f, MixKernels, generator)).ToArray());
        head = KerasInit.Dense(Filters[^1], shape.Outputs, generator);
        RegisterComponents();
    }

    /// <summary>Only the last block's BatchNorm folds exactly: every block's comes after ReLU and pooling, so none
    /// merges into its own convolution, but the last one reaches the head through global average pooling only.</summary>
    public void FoldBatchNorm() => blocks[^1].FoldNormInto(head);

    public Layer Describe() => Layer.Seq([.. blocks, Layer.GlobalAverage, head]);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var block in blocks) x = block.call(x);
        var pooled = x.mean([2L, 3L]);
        return head.call(pooled).MoveToOuterDisposeScope();
    }
}
