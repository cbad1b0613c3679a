namespace DataflowLung.Export.Keras;

/// <summary>The original's mixednet (soundofnavi/models/mixednet.py) as Keras built it: five times Conv2D(f, 3×3, same,
/// ReLU) → MixDepthGroupConvolution2D(kernels 3–7; five DepthwiseConv2D sub-layers, no bias) → AveragePooling2D →
/// BatchNormalization, then GlobalAveragePooling2D → Dense(sigmoid). Every layer with weights has its counterpart here
/// (<see cref="DataflowLung.Model.Models.MixedNet"/>), so nothing is left unmapped.</summary>
public static class MixedNetKeras
{
    public static KerasLayout Layout { get; } = Build();

    private static KerasLayout Build()
    {
        var names = new KerasNames();
        var layers = new List<KerasLayerMap>();
        for (int i = 0; i < 5; i++)
        {
            layers.Add(new("conv2d", names.Next("conv2d"), $"block {i + 1}'s 3×3 convolution",
            [
                new(null, 0, "kernel", $"blocks.{i}.conv.conv.weight", KerasConversion.Conv2D),
                new(null, 0, "bias", $"blocks.{i}.conv.conv.bias", KerasConversion.Vector),
            ]));
            var mix = names.Next("mix_depth_group_convolution2d");
            layers.Add(new("mix_depth_group_convolution2d", mix, $"block {i + 1}'s mixed depthwise convolution",
                Enumerable.Range(0, 5).Select(j =>
                {
                    names.Next("depthwise_conv2d");
                    return new KerasWeightMap("depthwise_conv2d", j, "depthwise_kernel", $"blocks.{i}.mix.groups.{j}.conv.weight", KerasConversion.Depthwise);
                }).ToArray()));
            layers.Add(KerasLayouts.BatchNorm(names.Next("batch_normalization"), $"block {i + 1}'s BatchNormalization", $"blocks.{i}.norm"));
        }
        layers.Add(KerasLayouts.Dense(names.Next("dense")));
        return new KerasLayout("mixednet", layers);
    }
}
