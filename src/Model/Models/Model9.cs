using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>The original's model9, exactly (SEED_SPEC "Models"): BN → inception block → AvgPool2 ("same") → BN →
/// Dropout 0.1 → four stages of 2 × InvertedResidual(f, kernel 6) → AvgPool2 ("valid") → BN → Dropout 0.1
/// (f = 32, 64, 128, 256) → 2 × InvertedResidual(512, kernel 6) → global average pooling → Dense (logits).
/// The inception convolutions have biases, the inverted residuals' do not. 6,200,645 Keras parameters at 128×313
/// with one output. The original's Dense carries an L2 activity regulariser whose factor (<c>ll2_reg</c>) is 0, so
/// it adds nothing to the loss and is left out.</summary>
public sealed class Model9 : nn.Module<Tensor, Tensor>, Explain.IGradCamTarget, IDescribesLayers
{
    /// <summary>The registry entry; the blocks' PyTorch names are declared in their own files.</summary>
    public static ModelFactory Entry { get; } = ModelFactory.Of("model9", "the original's inception + inverted-residual network",
        (s, g) => new Model9(s, g),
        StateDictNames.Of((@"inputNorm\." + StateDictNames.BatchNorm, "bn_in.$1"))
            .Then(InceptionBlock.PyTorchNames.Under(@"inception\.", "inception."))
            .Then(StateDictNames.Of((@"inceptionNorm\." + StateDictNames.BatchNorm, "bn_inc.$1")))
            .Then(Model9Stage.PyTorchNames.Under(@"stages\.(\d+)\.", "stages.$1."))
            .Then(InvertedResidual.PyTorchNames.Under(@"final1\.", "final.0."))
            .Then(InvertedResidual.PyTorchNames.Under(@"final2\.", "final.1."))
            .Then(StateDictNames.Of((@"head\.(weight|bias)", "head.$1"))));

    /// <summary>Grad-CAM's layer: the last inverted-residual block (its output feeds the global average pooling).</summary>
    public nn.Module<Tensor, Tensor> LastConvBlock => final2;

    /// <summary>The original's Grad-CAM layer, Keras' <c>inverted_residual_6</c>: the seventh InvertedResidual (Keras
    /// numbers unnamed layers of a class _1, _2, … after the first), the first block of the fourth (256-filter) stage.</summary>
    public nn.Module<Tensor, Tensor> OriginalCamLayer => stages[3].First;

    public static IReadOnlyList<long> StageFilters { get; } = [32, 64, 128, 256];
    public const long FinalFilters = 512;
    public const long Kernel = 6;
    public const double DropoutRate = 0.1;

    private readonly BatchNorm2d inputNorm, inceptionNorm;
    private readonly InceptionBlock inception;
    private readonly ModuleList<Model9Stage> stages;
    private readonly InvertedResidual final1, final2;
    private readonly Dropout dropout;
    private readonly Linear head;

    public Model9(ModelShape shape, Generator generator) : base(nameof(Model9))
    {
        inputNorm = KerasInit.BatchNorm(1);
        inception = new InceptionBlock(1, generator);
        inceptionNorm = KerasInit.BatchNorm(InceptionBlock.OutputChannels);
        dropout = nn.Dropout(DropoutRate);
        var inputs = new[] { InceptionBlock.OutputChannels }.Concat(StageFilters).ToArray();
        stages = nn.ModuleList(StageFilters.Select((f, i) => new Model9Stage(inputs[i], f, Kernel, DropoutRate, generator)).ToArray());
        final1 = new InvertedResidual(StageFilters[^1], FinalFilters, Kernel, generator);
        final2 = new InvertedResidual(FinalFilters, FinalFilters, Kernel, generator);
        head = KerasInit.Dense(FinalFilters, shape.Outputs, generator);
        RegisterComponents();
    }

    public Layer Describe() => Layer.Seq(
    [
        inputNorm, inception, Layer.AvgPool2Same, inceptionNorm, dropout,
        .. stages,
        final1, final2, Layer.GlobalAverage, head,
    ]);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = inception.call(inputNorm.call(input));
        x = dropout.call(inceptionNorm.call(SamePadding.AvgPool2Same(x)));
        foreach (var stage in stages) x = stage.call(x);
        x = final2.call(final1.call(x));
        return head.call(x.mean([2L, 3L])).MoveToOuterDisposeScope();
    }
}
