using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>The original's MixDepthGroupConv2D: channels split into one group per kernel size (the remainder
/// goes to the first group: 8 channels over 5 kernels → 4,1,1,1,1), each group a depthwise k×k "same"
/// convolution (no bias, He-normal, ReLU), concatenated back.</summary>
public sealed class MixDepthGroupConv : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<SameConv2d> groups;
    private readonly long[] sizes;

    public MixDepthGroupConv(long channels, IReadOnlyList<long> kernels, Generator generator) : base(nameof(MixDepthGroupConv))
    {
        sizes = GroupSizes(channels, kernels.Count);
        groups = nn.ModuleList(kernels.Select((k, i) => SameConv2d.DepthwiseHe(sizes[i], k, bias: false, generator)).ToArray());
        RegisterComponents();
    }

    /// <summary>Channels per group: an even split, remainder to the first group.</summary>
    public static long[] GroupSizes(long channels, int groupCount)
    {
        var sizes = Enumerable.Repeat(channels / groupCount, groupCount).ToArray();
        sizes[0] += channels % groupCount;
        return sizes;
    }

    public override Tensor forward(Tensor input)
    {
        var parts = input.split(sizes, 1);
        var outputs = new Tensor[parts.Length];
        try
        {
            for (int i = 0; i < parts.Length; i++)
            {
                using var conv = groups[i].call(parts[i]);
                outputs[i] = nn.functional.relu(conv);
            }
            return torch.cat(outputs, 1);
        }
        finally
        {
            foreach (var t in parts) t.Dispose();
            foreach (var t in outputs) t?.Dispose();
        }
    }
}
