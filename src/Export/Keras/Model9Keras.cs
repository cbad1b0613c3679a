namespace DataflowLung.Export.Keras;

/// <summary>The original's model9 (soundofnavi/models) as Keras built it: BatchNormalization → inception (five Conv2D with
/// bias: 1×1→3×3, 1×1→5×5, max pool→1×1) → AveragePooling2D → BatchNormalization → four stages of two InvertedResidual
/// (custom layers whose build makes Conv2D 1×1, DepthwiseConv2D 6×6, Conv2D 1×1, no biases, and three
/// BatchNormalization) → AveragePooling2D → BatchNormalization, then two InvertedResidual(512) → GAP → Dense. Every
/// layer with weights has its counterpart here (<see cref="DataflowLung.Model.Models.Model9"/>); Dropout, pooling and
/// the Dense's activity regulariser hold none.</summary>
public static class Model9Keras
{
    public static KerasLayout Layout { get; } = Build();

    private static KerasLayout Build()
    {
        var names = new KerasNames();
        var layers = new List<KerasLayerMap> { KerasLayouts.BatchNorm(names.Next("batch_normalization"), "the input BatchNormalization", "inputNorm") };
        foreach (var (branch, what) in new[] { ("reduce3", "1×1 before the 3×3"), ("conv3", "3×3"), ("reduce5", "1×1 before the 5×5"), ("conv5", "5×5"), ("poolProjection", "1×1 after the max pool") })
            layers.Add(new("conv2d", names.Next("conv2d"), $"the inception's {what} convolution",
            [
                new(null, 0, "kernel", $"inception.{branch}.conv.weight", KerasConversion.Conv2D),
                new(null, 0, "bias", $"inception.{branch}.conv.bias", KerasConversion.Vector),
            ]));
        layers.Add(KerasLayouts.BatchNorm(names.Next("batch_normalization"), "the inception's BatchNormalization", "inceptionNorm"));
        for (int s = 0; s < 4; s++)
        {
            layers.Add(InvertedResidual(names, $"stages.{s}.first", $"stage {s + 1}'s first inverted residual"));
            layers.Add(InvertedResidual(names, $"stages.{s}.second", $"stage {s + 1}'s second inverted residual"));
            layers.Add(KerasLayouts.BatchNorm(names.Next("batch_normalization"), $"stage {s + 1}'s BatchNormalization", $"stages.{s}.norm"));
        }
        layers.Add(InvertedResidual(names, "final1", "the first 512-filter inverted residual"));
        layers.Add(InvertedResidual(names, "final2", "the second 512-filter inverted residual"));
        layers.Add(KerasLayouts.Dense(names.Next("dense")));
        return new KerasLayout("model9", layers);
    }

    // The original's InvertedResidual.build creates ptwise_conv1, dwise, ptwise_conv2, bn1, bn2, bn3, in that order.
    private static KerasLayerMap InvertedResidual(KerasNames names, string ours, string describes)
    {
        var name = names.Next("inverted_residual");
        names.Next("conv2d"); names.Next("depthwise_conv2d"); names.Next("conv2d");
        for (int i = 0; i < 3; i++) names.Next("batch_normalization");
        var weights = new List<KerasWeightMap>
        {
            new("conv2d", 0, "kernel", $"{ours}.expand.conv.weight", KerasConversion.Conv2D),
            new("depthwise_conv2d", 0, "depthwise_kernel", $"{ours}.depthwise.conv.weight", KerasConversion.Depthwise),
            new("conv2d", 1, "kernel", $"{ours}.project.conv.weight", KerasConversion.Conv2D),
        };
        foreach (var (norm, rank) in new[] { ("expandNorm", 0), ("depthwiseNorm", 1), ("projectNorm", 2) })
            weights.AddRange(KerasLayouts.BatchNormWeights($"{ours}.{norm}", "batch_normalization", rank));
        return new("inverted_residual", name, describes, weights);
    }
}
