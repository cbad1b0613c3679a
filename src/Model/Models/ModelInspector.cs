using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Model.Models;

/// <summary>Counts a model's parameters and measures its multiply-accumulates with one forward pass.</summary>
public static class ModelInspector
{
    public static ModelSummary Summarise(string name, nn.Module<Tensor, Tensor> model, ModelShape shape) =>
        new(name, KerasParameterCount(model), TrainableParameterCount(model), MacsPerSample(model, shape));

    public static long TrainableParameterCount(nn.Module model) =>
        model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Trainable parameters plus BatchNorm running statistics (Keras lists moving mean/variance as
    /// non-trainable parameters; torch's num_batches_tracked counter has no Keras counterpart).</summary>
    public static long KerasParameterCount(nn.Module model) =>
        model.parameters().Sum(p => p.numel())
        + model.named_buffers()
            .Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal) || b.name.EndsWith("running_var", StringComparison.Ordinal))
            .Sum(b => b.buffer.numel());

    /// <summary>Multiply-accumulates per sample of every Conv2d (output elements × in/groups × kh × kw), Linear
    /// (in × out) and module that states its own cost (<see cref="IMacsPerPixel"/>: output pixels × its cost per pixel,
    /// e.g. the mixed depthwise block), observed with forward hooks on one zero input, so any model built from such
    /// layers is covered without naming it here.</summary>
    public static long MacsPerSample(nn.Module<Tensor, Tensor> model, ModelShape shape)
    {
        long macs = 0;
        var removers = new List<Action>();
        foreach (var module in model.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var convHook = conv.register_forward_hook((m, _, output) =>
                    {
                        var w = conv.weight!.shape;
                        macs += output.numel() / output.shape[0] * w[1] * w[2] * w[3];
                        return output;
                    });
                    removers.Add(convHook.remove);
                    break;
                case IMacsPerPixel costed when module is nn.Module<Tensor, Tensor> layer:
                    var costedHook = layer.register_forward_hook((m, _, output) =>
                    {
                        macs += output.shape[2] * output.shape[3] * costed.MacsPerPixel;
                        return output;
                    });
                    removers.Add(costedHook.remove);
                    break;
                case Linear linear:
                    var linearHook = linear.register_forward_hook((m, _, output) =>
                    {
                        macs += output.numel() / output.shape[0] * linear.in_features;
                        return output;
                    });
                    removers.Add(linearHook.remove);
                    break;
            }
        }
        bool wasTraining = model.training;
        try
        {
            model.eval();
            using var _ = no_grad();
            using var input = zeros(1, 1, shape.Mels, shape.Frames);
            using var output = model.forward(input);
            return macs;
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }
    }
}
