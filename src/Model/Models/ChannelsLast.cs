using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>Channels-last (NHWC) activations. oneDNN's depthwise and grouped convolutions run on NHWC directly, while
/// on NCHW tensors libtorch reorders to a blocked layout and back around every call: mixednet's training step is
/// 1.7 times faster channels-last on two cores (median step 0.43 s against 0.72 s, docs/numerics.md). TorchSharp 0.107 has no memory_format
/// argument, so the layout is made the way torch recognises it (permute to NHWC, make that contiguous, permute the
/// view back); convolutions, BatchNorm, pooling and ReLU keep it from there on.</summary>
public static class ChannelsLast
{
    /// <summary>True when <paramref name="x"/> (<c>[B, C, H, W]</c>) is laid out channels-last.</summary>
    public static bool Is(Tensor x)
    {
        if (x.dim() != 4) return false;
        using var nhwc = x.permute(0, 2, 3, 1);
        return nhwc.is_contiguous();
    }

    /// <summary><paramref name="x"/> itself when already channels-last, else a channels-last copy.</summary>
    public static Tensor Of(Tensor x)
    {
        if (Is(x)) return x;
        using var nhwc = x.permute(0, 2, 3, 1);
        using var packed = nhwc.contiguous();
        return packed.permute(0, 3, 1, 2);
    }
}
