using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>Keras' default initialisers, so our models start from the same distributions as the original's.
/// Keras computes fans from the kernel shape (kh, kw, in, out): fan_in = kh·kw·in, fan_out = kh·kw·out, where a
/// depthwise kernel has shape (kh, kw, channels, 1).</summary>
public static class KerasInit
{
    /// <summary>glorot_uniform: U(−l, l), l = √(6 / (fan_in + fan_out)).</summary>
    public static void GlorotUniform(Tensor weight, long fanIn, long fanOut)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        using var _ = no_grad();
        nn.init.uniform_(weight, -limit, limit);
    }

    /// <summary>he_normal: truncated normal (±2σ) with σ = √(2 / fan_in) / 0.8796 (Keras rescales so the
    /// truncated distribution keeps variance 2 / fan_in).</summary>
    public static void HeNormal(Tensor weight, long fanIn)
    {
        double std = Math.Sqrt(2.0 / fanIn) / 0.87962566103423978;
        using var _ = no_grad();
        nn.init.trunc_normal_(weight, 0.0, std, -2 * std, 2 * std);
    }

    /// <summary>A Keras Dense layer (glorot_uniform kernel, zero bias).</summary>
    public static Linear Dense(long inFeatures, long outFeatures)
    {
        var dense = nn.Linear(inFeatures, outFeatures);
        GlorotUniform(dense.weight!, inFeatures, outFeatures);
        using var _ = no_grad();
        dense.bias!.zero_();
        return dense;
    }

    /// <summary>Keras BatchNormalization defaults: momentum 0.99 (torch's momentum is 1 − that), epsilon 1e-3.</summary>
    public static BatchNorm2d BatchNorm(long channels) => nn.BatchNorm2d(channels, eps: 1e-3, momentum: 0.01);
}
