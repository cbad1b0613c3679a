using Google.Protobuf;
using Onnx;

namespace DataflowLung.Export.Onnx;

/// <summary>Appends ONNX nodes and initializers to one graph, naming every value uniquely
/// (<c>hint_N</c>). Tensors are float32 or int64, stored little-endian in <c>raw_data</c>.</summary>
internal sealed class OnnxGraphBuilder
{
    private int counter;

    public GraphProto Graph { get; } = new();

    public string Fresh(string hint) => $"{hint}_{counter++}";

    public string Floats(string hint, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(hint, TensorProto.Types.DataType.Float, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    public string Int64s(string hint, ReadOnlySpan<long> values, params long[] dims) =>
        Initializer(hint, TensorProto.Types.DataType.Int64, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    private string Initializer(string hint, TensorProto.Types.DataType type, ReadOnlySpan<byte> raw, long[] dims)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Scalar(string hint, float value) => Floats(hint, [value]);

    /// <summary>Adds <paramref name="op"/> and returns the name of its (single) output.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NodeNamed(op, Fresh(op.ToLowerInvariant()), inputs, attributes);

    /// <summary>As <see cref="Node"/>, with the output named by the caller (graph outputs).</summary>
    public string NodeNamed(string op, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh("n_" + op) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A float32 tensor value description; null dimensions are symbolic (named <paramref name="symbol"/>).</summary>
    public static ValueInfoProto FloatValue(string name, string symbol, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = symbol });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
