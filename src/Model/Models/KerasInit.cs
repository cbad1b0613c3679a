using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>Keras' default initialisers, so our models start from the same distributions as the original's.
/// Keras computes fans from the kernel shape (kh, kw, in, out): fan_in = kh·kw·in, fan_out = kh·kw·out, where a
/// depthwise kernel has shape (kh, kw, channels, 1).</summary>
public static class KerasInit
{
    /// <summary>erf(√2) = P(|Z| ≤ 2) for a standard normal Z.</summary>
    private const double ErfSqrt2 = 0.95449973610364158;

    /// <summary>glorot_uniform: U(−l, l), l = √(6 / (fan_in + fan_out)).</summary>
    public static void GlorotUniform(Tensor weight, long fanIn, long fanOut, Generator generator)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        using var _ = no_grad();
        weight.uniform_(-limit, limit, generator);
    }

    /// <summary>he_normal: truncated normal (±2σ) with σ = √(2 / fan_in) / 0.8796 (Keras rescales so the
    /// truncated distribution keeps variance 2 / fan_in). Drawn by inverse CDF — uniform on (erf(−√2), erf(√2)),
    /// then √2·σ·erfinv — so every draw comes from <paramref name="generator"/>.</summary>
    public static void HeNormal(Tensor weight, long fanIn, Generator generator)
    {
        double std = Math.Sqrt(2.0 / fanIn) / 0.87962566103423978;
        using var _ = no_grad();
        weight.uniform_(-ErfSqrt2, ErfSqrt2, generator).erfinv_().mul_(std * Math.Sqrt(2));
    }

    /// <summary>A Keras Dense layer (glorot_uniform kernel, zero bias).</summary>
    public static Linear Dense(long inFeatures, long outFeatures, Generator generator)
    {
        var dense = nn.Linear(inFeatures, outFeatures);
        GlorotUniform(dense.weight!, inFeatures, outFeatures, generator);
        using var _ = no_grad();
        dense.bias!.zero_();
        return dense;
    }

    /// <summary>Keras BatchNormalization defaults: momentum 0.99 (torch's momentum is 1 − that), epsilon 1e-3.</summary>
    public static BatchNorm2d BatchNorm(long channels) => nn.BatchNorm2d(channels, eps: 1e-3, momentum: 0.01);
}
