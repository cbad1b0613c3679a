using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>BatchNorm folded into the layer before it, for inference. In evaluation mode a BatchNorm is a fixed
/// per-channel affine map, y = s·x + t with s = γ/√(var+ε) and t = β − mean·s, so when it directly follows a
/// convolution it can be merged into that convolution (w' = w·s per output channel, b' = b·s + t) and when only
/// linear, channel-preserving steps stand between it and a dense layer (global average pooling) into that layer
/// (W' = W·diag(s), c' = W·t + c). The folded network computes the same function up to float rounding with fewer
/// layers. What folds where is each model's knowledge (<see cref="IFoldsBatchNorm"/>); docs/performance.md lists it.</summary>
public static class BatchNormFolding
{
    /// <summary>A folded, evaluation-only copy of <paramref name="model"/> (built by <paramref name="factory"/> for
    /// <paramref name="shape"/>, on the same device), every foldable BatchNorm merged away; <paramref name="model"/>
    /// itself is left as it was. The copy's parameters no longer match a checkpoint's names: it is for predicting only.</summary>
    public static nn.Module<Tensor, Tensor> Folded(ModelFactory factory, ModelShape shape, nn.Module<Tensor, Tensor> model)
    {
        var copy = factory.Create(shape, seed: 0);
        if (model.parameters().FirstOrDefault() is { } first) copy.to(first.device);
        copy.load_state_dict(model.state_dict());
        copy.eval();
        using var _ = no_grad();
        // TorchSharp's modules() lists the descendants only, not the model itself.
        foreach (var foldable in copy.modules().Prepend(copy).Distinct().OfType<IFoldsBatchNorm>().ToArray()) foldable.FoldBatchNorm();
        return copy;
    }

    /// <summary>The evaluation-mode BatchNorm as per-channel scale and shift (s, t).</summary>
    public static (Tensor Scale, Tensor Shift) Affine(BatchNorm2d norm)
    {
        var scale = norm.running_var!.add(norm.eps).rsqrt();
        if (norm.weight is { } gamma) scale = scale.mul(gamma);
        var shift = norm.running_mean!.mul(scale).neg();
        if (norm.bias is { } beta) shift = shift.add(beta);
        return (scale, shift);
    }

    /// <summary>Folds <paramref name="norm"/> into the convolution before it, when it is still a BatchNorm, and returns
    /// what replaces it in <paramref name="owner"/> under <paramref name="name"/> (its field's name): an identity.</summary>
    public static nn.Module<Tensor, Tensor> IntoConvolution(nn.Module owner, string name, nn.Module<Tensor, Tensor> norm, SameConv2d conv)
    {
        if (norm is not BatchNorm2d batchNorm) return norm;
        using var scope = NewDisposeScope();
        var (scale, shift) = Affine(batchNorm);
        conv.Absorb(scale, shift);
        return Replace(owner, name, batchNorm);
    }

    /// <summary>Folds <paramref name="norm"/> into the dense layer <paramref name="next"/> that reads its output
    /// through global average pooling (a mean over positions commutes with a per-channel affine map); returns its
    /// replacement as <see cref="IntoConvolution"/> does.</summary>
    public static nn.Module<Tensor, Tensor> IntoDense(nn.Module owner, string name, nn.Module<Tensor, Tensor> norm, Linear next)
    {
        if (norm is not BatchNorm2d batchNorm) return norm;
        using var scope = NewDisposeScope();
        var (scale, shift) = Affine(batchNorm);
        var weight = next.weight!;
        var bias = next.bias!;
        bias.add_(weight.matmul(shift));
        weight.mul_(scale.unsqueeze(0));
        return Replace(owner, name, batchNorm);
    }

    private static nn.Module<Tensor, Tensor> Replace(nn.Module owner, string name, BatchNorm2d norm)
    {
        owner.register_module(name, null!); // unregisters the BatchNorm
        var identity = nn.Identity();
        owner.register_module(name, identity);
        norm.Dispose();
        return identity;
    }
}
