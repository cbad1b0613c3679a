using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>The original's MixDepthGroupConv2D: channels split into one group per kernel size (the remainder
/// goes to the first group: 8 channels over 5 kernels → 4,1,1,1,1), each group a depthwise k×k "same"
/// convolution (no bias, He-normal, ReLU), concatenated back.
/// <para>It runs as one depthwise convolution over all channels with the largest kernel, each group's kernel placed
/// inside it where TF's "same" padding puts it and zeros around: the same sums, one call instead of a split, five
/// convolutions and a concatenation, and no 1-channel group ever becomes a plain 1→1 convolution, whose input
/// gradient libtorch 2.10's oneDNN gets wrong (docs/numerics.md). The parameters stay one tensor per group, as the
/// original has them.</para></summary>
public sealed class MixDepthGroupConv : nn.Module<Tensor, Tensor>, IDescribesLayers, IMacsPerPixel
{
    private readonly ModuleList<SameConv2d> groups;
    private readonly long[] sizes;
    private readonly long[] kernels;
    private readonly long largest;

    public MixDepthGroupConv(long channels, IReadOnlyList<long> kernels, Generator generator) : base(nameof(MixDepthGroupConv))
    {
        sizes = GroupSizes(channels, kernels.Count);
        this.kernels = kernels.ToArray();
        largest = this.kernels.Max();
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

    /// <summary>Multiply-accumulates per output pixel of the grouped convolutions (Σ channels·k²), the architecture's
    /// cost whatever formulation runs it.</summary>
    public long MacsPerPixel => sizes.Select((s, i) => s * kernels[i] * kernels[i]).Sum();

    /// <summary>The <c>[channels, 1, K, K]</c> depthwise kernel (K the largest kernel) holding every group's kernel
    /// where TF's "same" padding aligns it: ⌊(K−1)/2⌋ − ⌊(k−1)/2⌋ zero cells before it on each axis.</summary>
    public Tensor CombinedKernel()
    {
        using var scope = NewDisposeScope();
        var placed = groups.Select((g, i) =>
        {
            long before = SamePadding.Before(largest) - SamePadding.Before(kernels[i]);
            long after = largest - kernels[i] - before;
            return nn.functional.pad(g.Weight, [before, after, before, after]);
        }).ToArray();
        return torch.cat(placed, 0).MoveToOuterDisposeScope();
    }

    /// <summary>As the original computes it: one ReLU'd depthwise convolution per channel group (the combined kernel is
    /// how this forward runs it, not what it is).</summary>
    public Layer Describe() => new Layer.SplitConcat(sizes, groups.Select(g => Layer.Seq(g, Layer.Relu)).ToArray());

    public override Tensor forward(Tensor input)
    {
        // A training step may run the custom kernel, convolution and ReLU in one (DepthwiseSimd says when and why).
        var weights = groups.Select(g => g.Weight).ToArray();
        if (DepthwiseSimd.Applies(input, weights, training))
            return DepthwiseSimd.Convolve(input, weights, sizes, kernels, relu: true);
        using var scope = NewDisposeScope();
        var x = largest % 2 == 1 ? input : SamePadding.PadForKernel(input, largest);
        long padding = largest % 2 == 1 ? SamePadding.Before(largest) : 0;
        // ReLU in place: a convolution's backward needs its input and weights, not its output, so overwriting the fresh
        // output saves a tensor of the block's full size per step (its allocation's page faults were a measured cost).
        var y = nn.functional.conv2d(x, CombinedKernel(), padding: [padding, padding], groups: input.shape[1]).relu_();
        return y.MoveToOuterDisposeScope();
    }
}
