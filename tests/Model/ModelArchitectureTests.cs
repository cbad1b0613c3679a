using DataflowLung.Model.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

public sealed class ModelArchitectureTests
{
    [Fact]
    public void Mixednet_has_the_originals_105823_keras_parameters_at_128x313_with_one_output()
    {
        // Per block f (input c): conv 9·c·f + f, mixed depthwise Σ g·k² (no bias), BN 4·f (γ, β, moving mean, moving var):
        //   f=8:    80 +   162 +  32 =    274      f=16:  1168 +  414 +  64 =  1646
        //   f=32: 4640 +   828 + 128 =   5596      f=64: 18496 + 1656 + 256 = 20408
        //   f=128: 73856 + 3402 + 512 = 77770      dense 128 + 1 = 129      total 105,823
        // of which 2·(8+16+32+64+128) = 496 are BN moving statistics (Keras' non-trainable parameters).
        using var model = ModelRegistry.Find("mixednet").ThrowIfFail().Create(ModelShape.Original, seed: 1);
        var summary = ModelInspector.Summarise("mixednet", model, ModelShape.Original);
        Assert.Equal(105_823, summary.Parameters);
        Assert.Equal(105_823 - 496, summary.TrainableParameters);
        // Multiply-accumulates: per block, conv pixels·f·9c then mixed depthwise pixels·Σ g·k² (before the pool halves
        // 128×313 → 64×157 → 32×79 → 16×40 → 8×20):
        //   2,884,608 + 6,490,368   11,575,296 + 4,159,872   11,649,024 + 2,093,184   11,796,480 + 1,059,840
        //   11,796,480 + 544,320    dense 128               total 64,049,600
        // The mixed depthwise block runs one functional convolution, so it states its own cost (IMacsPerPixel).
        Assert.Equal(64_049_600, summary.FlopsPerSample);
    }

    [Fact]
    public void Model9_has_the_originals_6200645_keras_parameters_at_128x313_with_one_output()
    {
        // input BN 4; inception: three 1×1 (1→16) 3·32, 3×3 16→16 2320, 5×5 16→16 6416 (with biases) = 8832; BN(48) 192.
        // InvertedResidual(c→f), no conv biases: expand 6c², BN 24c, depthwise 6×6 216c, BN 24c, project 6c·f, BN 4f:
        //   48→32 35,840   32→32 20,864   32→64 27,136   64→64 66,304   64→128 91,136   128→128 230,912
        //   128→256 329,728   256→256 855,040   256→512 1,249,280   512→512 3,282,944
        // stage BNs 4·(32+64+128+256) = 1,920; dense 512 + 1 = 513. Total 6,200,645.
        using var model = ModelRegistry.Find("model9").ThrowIfFail().Create(ModelShape.Original, seed: 1);
        var summary = ModelInspector.Summarise("model9", model, ModelShape.Original);
        Assert.Equal(6_200_645, summary.Parameters);
        // BN channels: input 1, inception 48, per block two hidden BNs of 6c and one of f, four stage BNs.
        long bnChannels = 1 + 48 + 12 * (48 + 32 + 32 + 64 + 64 + 128 + 128 + 256 + 256 + 512) + 2 * (32 + 64 + 128 + 256 + 512) + (32 + 64 + 128 + 256);
        Assert.Equal(6_200_645 - 2 * bnChannels, summary.TrainableParameters);
    }

    [Fact]
    public void Model9s_first_pool_keeps_odd_sizes_and_the_later_ones_drop_them()
    {
        // 33×35 in: the first ("same") pool gives 17×18 where "valid" would give 16×17; seen on the BN that follows it.
        using var model = ModelRegistry.Find("model9").ThrowIfFail().Create(new ModelShape(33, 35, 1), seed: 1);
        var norm = (TorchSharp.Modules.BatchNorm2d)model.named_modules().Single(m => m.name == "inceptionNorm").module;
        long[]? seen = null;
        var hook = norm.register_forward_hook((_, input, output) => { seen = input.shape; return output; });
        try
        {
            model.eval();
            using (no_grad())
            using (var y = model.forward(zeros(1, 1, 33, 35))) Assert.Equal([1L, 1], y.shape);
        }
        finally
        {
            hook.remove();
        }
        Assert.Equal([1L, 48, 17, 18], seen!);
    }

    [Fact]
    public void Mixed_depthwise_groups_give_the_remainder_to_the_first_group()
    {
        Assert.Equal([4L, 1, 1, 1, 1], MixDepthGroupConv.GroupSizes(8, 5));
        Assert.Equal([28L, 25, 25, 25, 25], MixDepthGroupConv.GroupSizes(128, 5));
    }

    [Theory]
    [InlineData("mixednet", 1)]
    [InlineData("model9", 2)]
    [InlineData("tiny", 1)]
    public void Registered_models_map_a_full_size_batch_to_one_logit_per_output(string name, int outputs)
    {
        var shape = new ModelShape(128, 313, outputs);
        using var model = ModelRegistry.Find(name).ThrowIfFail().Create(shape, seed: 2);
        model.eval();
        using var _ = no_grad();
        using var x = randn(2, 1, 128, 313);
        using var y = model.forward(x);
        Assert.Equal([2L, outputs], y.shape);
        Assert.False(y.isnan().any().item<bool>());
    }

    [Fact]
    public void Unknown_model_names_fail_with_the_known_names()
    {
        var result = ModelRegistry.Find("resnet");
        Assert.True(result.IsFail);
        result.IfFail(e => Assert.Contains("mixednet", e.Message));
    }

    [Fact]
    public void Same_average_pooling_averages_a_trailing_odd_column_over_its_in_bounds_cells_only()
    {
        // 1×1×3×3 input 1..9. Keras AvgPool2D(2, same) → 2×2: [[(1+2+4+5)/4, (3+6)/2], [(7+8)/2, 9]].
        using var x = arange(1, 10, dtype: ScalarType.Float32).reshape(1, 1, 3, 3);
        using var y = SamePadding.AvgPool2Same(x);
        Assert.Equal([3f, 4.5f, 7.5f, 9f], y.data<float>().ToArray());
    }

    [Fact]
    public void Even_kernels_pad_one_more_cell_on_the_right_and_bottom_as_tensorflow_does()
    {
        Assert.Equal((1L, 2L), (SamePadding.Before(4), SamePadding.After(4)));
        Assert.Equal((2L, 3L), (SamePadding.Before(6), SamePadding.After(6)));
        // An all-ones 4×4 depthwise kernel over a 1×1×5×5 ramp: the output's top-left cell sees rows/cols −1..2,
        // i.e. the input's rows/cols 0..2 (9 cells), its bottom-right sees rows/cols 3..4 only.
        using var generator = new torch.Generator(3, torch.CPU);
        using var conv = SameConv2d.DepthwiseHe(1, 4, bias: false, generator);
        using (no_grad()) conv.Weight.fill_(1f);
        using var x = arange(25, dtype: ScalarType.Float32).reshape(1, 1, 5, 5);
        using var y = conv.forward(x);
        Assert.Equal([1L, 1, 5, 5], y.shape);
        Assert.Equal(0 + 1 + 2 + 5 + 6 + 7 + 10 + 11 + 12, y[0, 0, 0, 0].item<float>());
        Assert.Equal(18 + 19 + 23 + 24, y[0, 0, 4, 4].item<float>());
    }

    [Fact]
    public void Keras_batch_norm_uses_momentum_0_99_and_epsilon_1e_3()
    {
        using var bn = KerasInit.BatchNorm(4);
        Assert.Equal(1e-3, bn.eps);
        Assert.Equal(0.01, bn.momentum);
    }

    [Fact]
    public void Seeded_construction_is_reproducible_whatever_uses_the_global_generator()
    {
        var factory = ModelRegistry.Find("model9").ThrowIfFail();
        using var a = factory.Create(new ModelShape(32, 40, 1), seed: 42);
        using var noise = torch.rand(1000); // draws from torch's global generator in between
        using var b = factory.Create(new ModelShape(32, 40, 1), seed: 42);
        using var c = factory.Create(new ModelShape(32, 40, 1), seed: 43);
        var pairs = a.parameters().Zip(b.parameters()).ToArray();
        Assert.All(pairs, p => Assert.True(p.Item1.eq(p.Item2).all().item<bool>()));
        Assert.False(a.parameters().Zip(c.parameters()).All(p => p.Item1.eq(p.Item2).all().item<bool>()));
    }

    [Fact]
    public void He_normal_is_truncated_at_two_sigma_with_keras_variance()
    {
        using var generator = new torch.Generator(11, torch.CPU);
        using var w = torch.empty(200_000);
        KerasInit.HeNormal(w, fanIn: 50, generator);
        double std = Math.Sqrt(2.0 / 50) / 0.87962566103423978;
        Assert.True(w.abs().max().item<float>() <= 2 * std + 1e-6);
        Assert.Equal(2.0 / 50, w.var().item<float>(), 3); // the truncation rescale restores variance 2 / fan_in
        Assert.Equal(0.0, w.mean().item<float>(), 3);
    }
}
