using DataflowLung.Model.Models;
using TorchSharp.Modules;
using static DataflowLung.Export.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace DataflowLung.Export.Onnx;

/// <summary>The ONNX nodes of a trained network in evaluation mode, built from its module tree and parameters
/// (not by tracing <c>forward</c>): each project module type maps to the ONNX operators that compute it, with its
/// weights as initializers. Sub-modules are found by their registered names; kernel sizes, groups, biases and
/// residual connections are read from the parameters, so a change there follows automatically, and a module type
/// or child this mapping does not know fails the export with its name. What is not in the parameters (where
/// ReLUs and pools sit, "same" or "valid" pooling) follows the module's definition in src/Model/Models; the
/// ONNX-Runtime-vs-TorchSharp tests (tests/Export) catch any drift.</summary>
internal sealed class NetworkGraph(OnnxGraphBuilder g)
{
    /// <summary>Emits <paramref name="network"/> applied to <paramref name="input"/> ([N, 1, mels, frames]) and
    /// returns the name of its logits ([N, outputs]).</summary>
    public string Logits(nn.Module network, string input) => network switch
    {
        TinyCnn m => Tiny(m, input),
        MixedNet m => Mixed(m, input),
        Model9 m => Model9(m, input),
        _ => throw new ExportException($"no ONNX mapping for model type {network.GetType().Name}"),
    };

    private string Tiny(TinyCnn m, string x)
    {
        x = PoolSame(Relu(BatchNorm(Child<BatchNorm2d>(m, "norm1"), Conv(Child<SameConv2d>(m, "conv1"), x))));
        x = PoolSame(Relu(BatchNorm(Child<BatchNorm2d>(m, "norm2"), Conv(Child<SameConv2d>(m, "conv2"), x))));
        return Dense(Child<Linear>(m, "head"), GlobalAverage(x));
    }

    private string Mixed(MixedNet m, string x)
    {
        foreach (var block in Children<MixedNetBlock>(Child<nn.Module>(m, "blocks")))
        {
            x = Relu(Conv(Child<SameConv2d>(block, "conv"), x));
            x = MixDepth(Child<MixDepthGroupConv>(block, "mix"), x);
            x = BatchNorm(Child<BatchNorm2d>(block, "norm"), PoolSame(x));
        }
        return Dense(Child<Linear>(m, "head"), GlobalAverage(x));
    }

    private string MixDepth(MixDepthGroupConv m, string x)
    {
        var convs = Children<SameConv2d>(Child<nn.Module>(m, "groups")).ToArray();
        var sizes = convs.Select(c => c.Weight.shape[0]).ToArray();
        var parts = Split(x, sizes);
        return g.Node("Concat", convs.Select((c, i) => Relu(Conv(c, parts[i]))), Int("axis", 1));
    }

    private string Model9(Model9 m, string x)
    {
        x = BatchNorm(Child<BatchNorm2d>(m, "inputNorm"), x);
        x = Inception(Child<InceptionBlock>(m, "inception"), x);
        x = BatchNorm(Child<BatchNorm2d>(m, "inceptionNorm"), PoolSame(x));
        foreach (var stage in Children<Model9Stage>(Child<nn.Module>(m, "stages")))
        {
            x = Residual(Child<InvertedResidual>(stage, "second"), Residual(Child<InvertedResidual>(stage, "first"), x));
            x = BatchNorm(Child<BatchNorm2d>(stage, "norm"), PoolValid(x));
        }
        x = Residual(Child<InvertedResidual>(m, "final2"), Residual(Child<InvertedResidual>(m, "final1"), x));
        return Dense(Child<Linear>(m, "head"), GlobalAverage(x));
    }

    private string Inception(InceptionBlock m, string x)
    {
        var a = Relu(Conv(Child<SameConv2d>(m, "conv3"), Relu(Conv(Child<SameConv2d>(m, "reduce3"), x))));
        var b = Relu(Conv(Child<SameConv2d>(m, "conv5"), Relu(Conv(Child<SameConv2d>(m, "reduce5"), x))));
        var pooled = g.Node("MaxPool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 1, 1), Ints("pads", 1, 1, 1, 1));
        var c = Relu(Conv(Child<SameConv2d>(m, "poolProjection"), pooled));
        return g.Node("Concat", [a, b, c], Int("axis", 1));
    }

    private string Residual(InvertedResidual m, string input)
    {
        var expand = Child<SameConv2d>(m, "expand");
        var project = Child<SameConv2d>(m, "project");
        var x = Relu(BatchNorm(Child<BatchNorm2d>(m, "expandNorm"), Conv(expand, input)));
        x = Relu(BatchNorm(Child<BatchNorm2d>(m, "depthwiseNorm"), Conv(Child<SameConv2d>(m, "depthwise"), x)));
        x = BatchNorm(Child<BatchNorm2d>(m, "projectNorm"), Conv(project, x));
        // The block adds its input back exactly when it keeps the channel count.
        bool residual = expand.Weight.shape[1] == project.Weight.shape[0];
        return residual ? g.Node("Add", [x, input]) : x;
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

    private static IEnumerable<T> Children<T>(nn.Module list) where T : nn.Module =>
        list.named_children().Select(c => c.module as T ?? throw new ExportException($"{c.name} is a {c.module.GetType().Name}, expected {typeof(T).Name}"));
}

/// <summary>A network the exporter cannot map (a module type or child it does not know): a user-facing failure.</summary>
public sealed class ExportException(string message) : Exception(message);
