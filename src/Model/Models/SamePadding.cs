using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>Keras/TF "same" geometry. For a stride-1 k×k window TF pads k − 1 cells in total, ⌊(k−1)/2⌋ before
/// and the rest after, so even kernels get the extra cell on the right/bottom (torch's symmetric padding cannot
/// express that). "same" average pooling with stride 2 pads odd sizes on the right/bottom and does not count
/// the padded cells.</summary>
public static class SamePadding
{
    public static long Before(long kernel) => (kernel - 1) / 2;

    public static long After(long kernel) => kernel - 1 - Before(kernel);

    /// <summary>Zero-pads <paramref name="x"/> <c>[B, C, H, W]</c> for a stride-1 "same" k×k convolution.</summary>
    public static Tensor PadForKernel(Tensor x, long kernel) =>
        nn.functional.pad(x, [Before(kernel), After(kernel), Before(kernel), After(kernel)]);

    /// <summary>Keras AveragePooling2D(2, padding="same"): output ⌈n/2⌉; a trailing odd row/column is averaged over
    /// its in-bounds cells only (torch's ceil_mode windows that run past the edge divide by the cells they cover).</summary>
    public static Tensor AvgPool2Same(Tensor x) =>
        nn.functional.avg_pool2d(x, 2, 2, 0, ceil_mode: true, count_include_pad: false);

    /// <summary>Keras AveragePooling2D(2) with its default "valid" padding: output ⌊n/2⌋.</summary>
    public static Tensor AvgPool2Valid(Tensor x) => nn.functional.avg_pool2d(x, 2, 2);
}
