using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary>Gradients in float32 against the same computation in float64, which libtorch runs on its own reference
/// kernels rather than oneDNN's: libtorch 2.10's oneDNN returns wrong convolution input gradients on some CPUs
/// (docs/numerics.md), and these tests catch that class of kernel bug on whatever CPU they run. The error of a
/// gradient tensor is ‖g32 − g64‖ / ‖g64‖ (L2 norms): float32 rounding through these models (BatchNorm on a batch of
/// four included) stays below 2e-3 (measured: model9's worst tensor 1.4e-3, mixednet's 8e-4), while the kernel bug
/// gives 0.1–1 or NaN; the tolerance sits between, at 1e-2.</summary>
public sealed class GradientReferenceTests
{
    private const double Tolerance = 1e-2;

    public static TheoryData<string> Models => new(ModelRegistry.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_registered_model_has_float64_input_and_weight_gradients_in_float32(string name) =>
        CheckGradients(name, inputGradient: true);

    /// <summary>As a training step runs: the input (the spectrogram) needs no gradient, so the paths that compute none
    /// for it (mixednet's first convolution, <see cref="SingleChannelConvRelu"/>) are taken.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Every_registered_model_has_float64_weight_gradients_in_float32_when_trained_as_a_step_is(string name) =>
        CheckGradients(name, inputGradient: false);

    /// <summary>Every trainable parameter's gradient (and the input's, when <paramref name="inputGradient"/>) of model
    /// <paramref name="name"/> in float32 against float64.</summary>
    internal void CheckGradients(string name, bool inputGradient)
    {
        var batch = LogMelBatches.Make(4);
        var shape = new ModelShape(batch.Mels, batch.Frames, 1);
        var factory = ModelRegistry.Find(name).ThrowIfFail();
        using var single = factory.Create(shape, seed: 7);
        using var reference = factory.Create(shape, seed: 7);
        reference.to(ScalarType.Float64);

        var (input32, weights32) = Gradients(single, batch, ScalarType.Float32, inputGradient);
        var (input64, weights64) = Gradients(reference, batch, ScalarType.Float64, inputGradient);
        // A conv bias just before a BatchNorm has an analytically zero gradient (the BN removes it) and float32
        // leaves rounding noise there; such tensors are measured against a hundredth of the largest gradient.
        double floor = 1e-2 * weights64.Max(w => w.Grad.norm().item<double>());
        var errors = weights32.Zip(weights64, (a, b) => (a.Name, Error: RelativeError(a.Grad, b.Grad, floor)))
            .Concat(inputGradient ? [(Name: "input", Error: RelativeError(input32!, input64!))] : [])
            .ToArray();
        var bad = errors.Where(e => !(e.Error <= Tolerance)).ToArray();
        Assert.True(bad.Length == 0, $"{name} on {LogMelBatches.Source}: gradients off float64 by more than {Tolerance}: " +
                                     string.Join(", ", bad.Select(e => $"{e.Name} {e.Error:G3}")));
        Assert.Equal(single.parameters().Count(p => p.requires_grad), weights32.Length);
    }

    [Fact]
    public void One_to_k_convolutions_have_right_input_gradients_for_k_1_to_24()
    {
        var batch = LogMelBatches.Make(4);
        using var generator = new Generator(5, CPU);
        // Both ways a single-channel convolution runs: training (im2col + GEMM, SingleChannelConv) and evaluation (the
        // convolution module, block-aligned when its input needs a gradient, as Grad-CAM's may).
        var errors = new[] { true, false }.SelectMany(training => Enumerable.Range(1, 24).Select(k =>
        {
            using var conv = SameConv2d.Keras(1, k, 3, generator, channelsLastOutput: training);
            conv.train(training);
            return (Case: $"1→{k} {(training ? "train" : "eval")}", Error: InputGradientError(conv, batch));
        }).Concat(new long[] { 3, 4, 5, 6, 7 }.Select(k =>
        {
            // mixednet's 1-channel groups as the original has them: depthwise over one channel, a plain 1→1 convolution
            using var conv = SameConv2d.DepthwiseHe(1, k, bias: false, generator);
            conv.train(training);
            return (Case: $"1→1 {k}×{k} {(training ? "train" : "eval")}", Error: InputGradientError(conv, batch));
        }))).ToArray();
        var bad = errors.Where(e => !(e.Error <= Tolerance)).ToArray();
        Assert.True(bad.Length == 0, "input gradients off float64: " + string.Join(", ", bad.Select(e => $"{e.Case} {e.Error:G3}")));
    }

    [Fact]
    public void The_combined_mixed_depthwise_kernel_computes_each_groups_own_same_convolution()
    {
        // 8 channels over kernels 3–7 (4,1,1,1,1): every group through its own SameConv2d (float64, so libtorch's
        // reference kernels) must equal the one combined depthwise convolution.
        var batch = LogMelBatches.Make(2);
        using var generator = new Generator(9, CPU);
        using var mix = new MixDepthGroupConv(8, MixedNet.MixKernels, generator);
        mix.to(ScalarType.Float64);
        using var scope = NewDisposeScope();
        var x = BatchTensors.Inputs(batch, CPU).to(ScalarType.Float64).repeat(1, 8, 1, 1) * arange(1, 9, dtype: ScalarType.Float64).reshape(1, 8, 1, 1);
        var groups = mix.modules().OfType<SameConv2d>().ToArray();
        var parts = x.split(MixDepthGroupConv.GroupSizes(8, 5), 1);
        var expected = cat(groups.Zip(parts, (g, p) => nn.functional.relu(g.call(p))).ToArray(), 1);
        var actual = mix.call(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True((actual - expected).abs().max().item<double>() <= 1e-12 * expected.abs().max().item<double>());
    }

    private static double InputGradientError(SameConv2d conv, Batch batch)
    {
        using var scope = NewDisposeScope();
        var x32 = BatchTensors.Inputs(batch, CPU).requires_grad_(true);
        var x64 = x32.detach().to(ScalarType.Float64).requires_grad_(true);
        var y32 = conv.call(x32);
        var upstream = y32.detach().sin().to(ScalarType.Float64); // any fixed, non-trivial output gradient
        y32.backward([upstream.to(ScalarType.Float32)]);
        conv.to(ScalarType.Float64);
        try
        {
            conv.call(x64).backward([upstream]);
            return RelativeError(x32.grad!, x64.grad!);
        }
        finally
        {
            conv.to(ScalarType.Float32);
        }
    }

    /// <summary>Input gradient and every trainable parameter's gradient of the class-weighted BCE on one batch, in
    /// training mode (BatchNorm on batch statistics) with dropout off so both precisions see the same network.</summary>
    private static (Tensor? Input, (string Name, Tensor Grad)[] Weights) Gradients(nn.Module<Tensor, Tensor> model, Batch batch,
        ScalarType dtype, bool inputGradient = true)
    {
        model.train();
        foreach (var dropout in model.modules().OfType<Dropout>()) dropout.eval();
        using var scope = NewDisposeScope();
        var x = BatchTensors.Inputs(batch, CPU).to(dtype).requires_grad_(inputGradient);
        var loss = nn.functional.binary_cross_entropy_with_logits(model.call(x), BatchTensors.Labels(batch, CPU).to(dtype));
        loss.backward();
        var weights = model.named_parameters().Where(p => p.parameter.requires_grad)
            .Select(p => (p.name, p.parameter.grad!.detach().to(ScalarType.Float64).MoveToOuterDisposeScope())).ToArray();
        return (inputGradient ? x.grad!.detach().to(ScalarType.Float64).MoveToOuterDisposeScope() : null, weights);
    }

    private static double RelativeError(Tensor actual, Tensor expected, double floor = 0)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64);
        if (!a.isfinite().all().item<bool>()) return double.NaN;
        double error = (a - expected).norm().item<double>();
        double scale = Math.Max(expected.norm().item<double>(), floor);
        return scale == 0 ? error : error / scale;
    }
}
