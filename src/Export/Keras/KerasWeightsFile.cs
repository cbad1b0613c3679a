using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using PureHDF;
using static LanguageExt.Prelude;

namespace DataflowLung.Export.Keras;

/// <summary>One weight of a Keras layer as the file holds it: its full name (<c>conv2d/kernel:0</c>,
/// <c>inverted_residual/conv2d_5/kernel:0</c>), its Keras shape and its values (row-major, float32).</summary>
public sealed record KerasWeight(string Name, long[] Shape, float[] Values)
{
    /// <summary>The variable (<c>kernel</c>, <c>bias</c>, <c>depthwise_kernel</c>, <c>gamma</c>, …) without the <c>:0</c>.</summary>
    public string Variable => Name.Split('/')[^1].Split(':')[0];

    /// <summary>The layer that owns the variable: the path component before it (a sub-layer of a custom layer, or the
    /// layer itself), or <paramref name="layer"/> when the name has no path.</summary>
    public string Owner(string layer) => Name.Split('/') is { Length: > 1 } parts ? parts[^2] : layer;
}

/// <summary>A top-level Keras layer with its weights in the order the file lists them (<c>weight_names</c>).</summary>
public sealed record KerasLayer(string Name, IReadOnlyList<KerasWeight> Weights);

/// <summary>What a Keras HDF5 weights file holds: its layers with weights, in the file's order, and for a whole-model
/// file (<c>model.save</c>) the model's configuration (<c>model_config</c>, JSON).</summary>
public sealed record KerasWeightsFile(string Path, IReadOnlyList<KerasLayer> Layers, Option<JsonElement> ModelConfig, string KerasVersion)
{
    /// <summary>Reads both layouts of Keras 2 / tf.keras HDF5 files: <c>model.save_weights("x.h5")</c> (the root holds
    /// <c>layer_names</c> and one group per layer) and <c>model.save("x.h5")</c> (the same under <c>model_weights</c>,
    /// with <c>model_config</c> on the root). In each layer group, attribute <c>weight_names</c> lists its weights and each
    /// is the dataset at that name below the group (<c>conv2d/conv2d/kernel:0</c>). Keras 3's <c>.weights.h5</c> layout
    /// (<c>layers/…/vars/0</c>) names no variable and is refused.</summary>
    public static Fin<KerasWeightsFile> Read(string path)
    {
        if (!File.Exists(path)) return Error.New($"{path}: no such file");
        try
        {
            using var file = H5File.OpenRead(path);
            IH5Group root = file;
            var modelConfig = root.AttributeExists("model_config") ? ParseConfig(ReadString(root.Attribute("model_config"))) : None;
            IH5Group weights = root.LinkExists("model_weights") ? root.Group("model_weights") : root;
            if (!weights.AttributeExists("layer_names"))
                return Error.New(root.LinkExists("layers") && root.LinkExists("vars")
                    ? $"{path}: a Keras 3 '.weights.h5' file; save the model with tf.keras 2 (model.save_weights(\"x.h5\") or model.save(\"x.h5\"))"
                    : $"{path}: not a Keras HDF5 weights file (no 'layer_names' attribute on the root or on 'model_weights')");
            var version = weights.AttributeExists("keras_version") ? ReadString(weights.Attribute("keras_version"))
                : root.AttributeExists("keras_version") ? ReadString(root.Attribute("keras_version")) : "unknown";
            var layers = new List<KerasLayer>();
            foreach (var name in ReadStrings(weights.Attribute("layer_names")))
            {
                if (!weights.LinkExists(name)) return Error.New($"{path}: layer '{name}' is listed in layer_names but has no group");
                var group = weights.Group(name);
                var names = group.AttributeExists("weight_names") ? ReadStrings(group.Attribute("weight_names")) : [];
                var read = new List<KerasWeight>();
                foreach (var weightName in names)
                {
                    if (!group.LinkExists(weightName)) return Error.New($"{path}: layer '{name}' lists weight '{weightName}' but the file has no such dataset");
                    var values = ReadValues(group.Dataset(weightName));
                    if (values.Case is not (long[] shape, float[] data)) return Error.New($"{path}: layer '{name}', weight '{weightName}': {values.Match(_ => "", e => e.Message)}");
                    read.Add(new KerasWeight(weightName, shape, data));
                }
                if (read.Count > 0) layers.Add(new KerasLayer(name, read));
            }
            return new KerasWeightsFile(path, layers, modelConfig, version);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error.New($"{path}: cannot read it as HDF5 ({e.GetType().Name}: {e.Message})");
        }
    }

    private static Fin<(long[], float[])> ReadValues(IH5Dataset dataset)
    {
        var shape = dataset.Space.Dimensions.Select(d => (long)d).ToArray();
        if (dataset.Type.Class != H5DataTypeClass.FloatingPoint) return Error.New($"not floating point ({dataset.Type.Class})");
        float[] values = dataset.Type.Size switch
        {
            4 => dataset.Read<float[]>(),
            8 => dataset.Read<double[]>().Select(v => (float)v).ToArray(),
            2 => dataset.Read<Half[]>().Select(v => (float)v).ToArray(),
            var size => [],
        };
        long count = shape.Aggregate(1L, (a, b) => a * b);
        return values.Length == count ? (shape, values) : Error.New($"{values.Length} values for shape [{string.Join(", ", shape)}] (element size {dataset.Type.Size})");
    }

    // Keras writes these as fixed-length byte strings (numpy 'S'); h5py may also write variable-length strings.
    private static string[] ReadStrings(IH5Attribute attribute) => attribute.Space.Rank == 0 ? [attribute.Read<string>()] : attribute.Read<string[]>();

    private static string ReadString(IH5Attribute attribute) => ReadStrings(attribute).FirstOrDefault() ?? "";

    private static Option<JsonElement> ParseConfig(string json)
    {
        try { return JsonDocument.Parse(json).RootElement.Clone(); }
        catch (JsonException) { return None; }
    }
}
