using DataflowLung.Model.Models;
using TorchSharp.Modules;
using static DataflowLung.Export.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace DataflowLung.Export.Onnx;

/// <summary>The ONNX nodes of a trained network in evaluation mode, built from the description the network gives
/// of itself (<see cref="IDescribesLayers"/>, written beside its <c>forward</c> in src/Model/Models) and its
/// parameters, not by tracing <c>forward</c>: each step and each leaf module type (<see cref="SameConv2d"/>,
/// BatchNorm2d, Linear, Dropout) maps to the ONNX operators that compute it, with its weights as initializers. No
/// model is named here, so a new model built from these steps exports without a change to this file; a module type
/// this mapping does not know fails the export with its name. Kernel sizes, groups and biases are read from the
/// parameters; the ONNX-Runtime-vs-TorchSharp tests (tests/Export) catch a description that drifts from forward.</summary>
internal sealed class NetworkGraph(OnnxGraphBuilder g)
{
    /// <summary>Emits <paramref name="network"/> applied to <paramref name="input"/> ([N, 1, mels, frames]) and
    /// returns the name of its logits ([N, outputs]).</summary>
    public string Logits(nn.Module network, string input) => network is IDescribesLayers described
        ? Emit(described.Describe(), input)
        : throw new ExportException($"no ONNX mapping for model type {network.GetType().Name} (it does not describe its layers: IDescribesLayers)");

    private string Emit(Layer layer, string x) => layer switch
    {
        Layer.Call call => Module(call.Module, x),
        Layer.Fixed step => Fixed(step.Op, x),
        Layer.Sequence sequence => sequence.Steps.Aggregate(x, (input, step) => Emit(step, input)),
        Layer.Concat concat => g.Node("Concat", concat.Paths.Select(p => Emit(p, x)).ToArray(), Int("axis", 1)),
        Layer.SplitConcat split => SplitConcat(split, x),
        Layer.Residual residual => g.Node("Add", [Emit(residual.Body, x), x]),
        _ => throw new ExportException($"no ONNX mapping for the step {layer.GetType().Name}"),
    };

    private string Module(nn.Module module, string x) => module switch
    {
        IDescribesLayers described => Emit(described.Describe(), x),
        SameConv2d conv => Conv(conv, x),
        BatchNorm2d norm => BatchNorm(norm, x),
        Linear dense => Dense(dense, x),
        Dropout => x, // nothing in evaluation mode
        _ => throw new ExportException($"no ONNX mapping for module type {module.GetType().Name}"),
    };

    private string Fixed(Layer.FixedOp op, string x) => op switch
    {
        Layer.FixedOp.Relu => Relu(x),
        Layer.FixedOp.AvgPool2Same => PoolSame(x),
        Layer.FixedOp.AvgPool2Valid => PoolValid(x),
        Layer.FixedOp.MaxPool3Same => g.Node("MaxPool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 1, 1), Ints("pads", 1, 1, 1, 1)),
        Layer.FixedOp.GlobalAverage => GlobalAverage(x),
        _ => throw new ExportException($"no ONNX mapping for {op}"),
    };

    // The parts are emitted while the Concat node takes its inputs, after its own names are drawn: the order the
    // exporter has always had, kept (lazy Select) so exports stay byte-identical (tests/Export/ExportGoldenTests).
    private string SplitConcat(Layer.SplitConcat split, string x)
    {
        var parts = Split(x, split.Sizes.ToArray());
        return g.Node("Concat", split.Parts.Select((part, i) => Emit(part, parts[i])), Int("axis", 1));
    }

    /// <summary>A stride-1 TF-"same" convolution: ⌊(k−1)/2⌋ zeros before, the rest after (asymmetric for even k).</summary>
    private string Conv(SameConv2d m, string x)
    {
        var conv = Child<Conv2d>(m, "conv");
        var w = conv.weight!;
        long kh = w.shape[2], kw = w.shape[3];
        var inputs = new List<string> { x, g.Floats("w", Data(w), w.shape) };
        if (conv.bias is { } bias) inputs.Add(g.Floats("b", Data(bias), bias.shape));
        return g.Node("Conv", inputs,
            Ints("kernel_shape", kh, kw),
            Ints("pads", SamePadding.Before(kh), SamePadding.Before(kw), SamePadding.After(kh), SamePadding.After(kw)),
            Ints("strides", 1, 1),
            Int("group", conv.groups));
    }

    private string BatchNorm(BatchNorm2d m, string x)
    {
        long c = m.num_features;
        var scale = m.weight is { } w ? Data(w) : Enumerable.Repeat(1f, (int)c).ToArray();
        var shift = m.bias is { } b ? Data(b) : new float[c];
        return g.Node("BatchNormalization",
            [x, g.Floats("bn_scale", scale, c), g.Floats("bn_bias", shift, c), g.Floats("bn_mean", Data(m.running_mean!), c), g.Floats("bn_var", Data(m.running_var!), c)],
            Float("epsilon", (float)m.eps));
    }

    private string Dense(Linear m, string x)
    {
        var inputs = new List<string> { x, g.Floats("dense_w", Data(m.weight!), m.weight!.shape) };
        if (m.bias is { } b) inputs.Add(g.Floats("dense_b", Data(b), b.shape));
        return g.Node("Gemm", inputs, Int("transB", 1));
    }

    private string Relu(string x) => g.Node("Relu", [x]);

    /// <summary>Keras AveragePooling2D(2, "same"): ⌈n/2⌉ windows, a trailing odd row/column averaged over its cells.</summary>
    private string PoolSame(string x) =>
        g.Node("AveragePool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Int("ceil_mode", 1), Int("count_include_pad", 0));

    /// <summary>Keras AveragePooling2D(2) "valid": ⌊n/2⌋ windows.</summary>
    private string PoolValid(string x) => g.Node("AveragePool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));

    private string GlobalAverage(string x) => g.Node("Flatten", [g.Node("GlobalAveragePool", [x])], Int("axis", 1));

    private string[] Split(string x, long[] sizes)
    {
        var node = new global::Onnx.NodeProto { OpType = "Split", Name = g.Fresh("n_Split") };
        node.Input.Add(x);
        node.Input.Add(g.Int64s("split", sizes, sizes.Length));
        node.Attribute.Add(Int("axis", 1));
        var outputs = sizes.Select(_ => g.Fresh("split")).ToArray();
        node.Output.AddRange(outputs);
        g.Graph.Node.Add(node);
        return outputs;
    }

    private static float[] Data(Tensor t) => t.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    private static T Child<T>(nn.Module parent, string name) where T : nn.Module
    {
        foreach (var (childName, child) in parent.named_children())
            if (childName == name)
                return child as T ?? throw new ExportException($"{parent.GetType().Name}.{name} is a {child.GetType().Name}, the ONNX mapping expects a {typeof(T).Name}");
        throw new ExportException($"{parent.GetType().Name} has no sub-module '{name}' (it has: {string.Join(", ", parent.named_children().Select(c => c.name))}); the ONNX mapping in src/Export/Onnx/NetworkGraph.cs needs updating");
    }
}

/// <summary>A network the exporter cannot map (a module type or child it does not know): a user-facing failure.</summary>
public sealed class ExportException(string message) : Exception(message);
