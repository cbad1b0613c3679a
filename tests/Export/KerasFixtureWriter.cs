using DataflowLung.Export.Keras;
using PureHDF;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Export;

/// <summary>Writes a network's weights as tf.keras 2's HDF5 layout (model.save_weights, or model.save with a minimal
/// model_config) for the layout under test, converting with torch permutes (not the importer's index loops). Model9's
/// real file is 25 MB, too large to commit, so its round trip is written here; the layer names and the conversions of
/// the committed mixednet files come from tests/Export/Fixtures/make_keras_h5.py instead.</summary>
internal static class KerasFixtureWriter
{
    /// <param name="skip">Keras layers to leave out (a file missing a layer).</param>
    /// <param name="reshape">A weight (full Keras name) to write with another shape (its first values, zero-padded).</param>
    /// <param name="epsilon">BatchNormalization epsilon written to model_config (full layout only).</param>
    public static void Write(string path, KerasLayout layout, nn.Module network, bool full, IReadOnlySet<string>? skip = null,
        (string Weight, long[] Shape)? reshape = null, double epsilon = 1e-3, (int Mels, int Frames)? input = null, string[]? extraLayers = null)
    {
        var state = network.state_dict();
        var weightsRoot = new H5Group();
        var layerNames = new List<string> { "input_1" };
        weightsRoot["input_1"] = new H5Group { Attributes = new() { ["weight_names"] = Array.Empty<string>() } };
        var config = new List<string> { "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"input_1\", \"batch_input_shape\": [null, " + (input?.Mels ?? 32) + ", " + (input?.Frames ?? 40) + ", 1]}}" };
        int owner = 100;
        foreach (var layer in layout.Layers)
        {
            if (skip?.Contains(layer.DefaultName) == true) continue;
            layerNames.Add(layer.DefaultName);
            var group = new H5Group();
            var names = new List<string>();
            var owners = new Dictionary<(string, int), string>();
            foreach (var w in layer.Weights)
            {
                string ownerName = w.Owner is null ? layer.DefaultName
                    : owners.TryGetValue((w.Owner, w.OwnerRank), out var known) ? known : owners[(w.Owner, w.OwnerRank)] = $"{w.Owner}_{owner++}";
                string name = w.Owner is null ? $"{layer.DefaultName}/{w.Variable}:0" : $"{layer.DefaultName}/{ownerName}/{w.Variable}:0";
                var (shape, values) = KerasValues(state[w.Ours], w.Conversion);
                if (reshape is { } r && r.Weight == name)
                {
                    var resized = new float[r.Shape.Aggregate(1L, (a, b) => a * b)];
                    Array.Copy(values, resized, Math.Min(values.Length, resized.Length));
                    (shape, values) = (r.Shape, resized);
                }
                Put(group, name, new H5Dataset(values, fileDims: shape.Select(d => (ulong)d).ToArray()));
                names.Add(name);
            }
            group.Attributes = new() { ["weight_names"] = names.ToArray() };
            weightsRoot[layer.DefaultName] = group;
            string cls = layer.Kind switch { "conv2d" => "Conv2D", "batch_normalization" => "BatchNormalization", "dense" => "Dense", "inverted_residual" => "InvertedResidual", _ => "MixDepthGroupConvolution2D" };
            string extra = layer.Kind switch
            {
                "batch_normalization" => $", \"epsilon\": {epsilon.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                "dense" => $", \"units\": {state["head.bias"].shape[0]}",
                _ => "",
            };
            config.Add("{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + layer.DefaultName + "\"" + extra + "}}");
        }
        foreach (var extra in extraLayers ?? [])
        {
            layerNames.Add(extra);
            var group = new H5Group();
            Put(group, $"{extra}/kernel:0", new H5Dataset(new float[4], fileDims: [2, 2]));
            group.Attributes = new() { ["weight_names"] = new[] { $"{extra}/kernel:0" } };
            weightsRoot[extra] = group;
        }
        weightsRoot.Attributes = new() { ["layer_names"] = layerNames.ToArray(), ["keras_version"] = "2.4.0", ["backend"] = "tensorflow" };
        var file = new H5File();
        if (full)
        {
            file["model_weights"] = weightsRoot;
            file.Attributes = new() { ["model_config"] = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"" + layout.Model + "\", \"layers\": [" + string.Join(", ", config) + "]}}" };
        }
        else
        {
            foreach (var (k, v) in weightsRoot) file[k] = v;
            file.Attributes = weightsRoot.Attributes;
        }
        file.Write(path);
    }

    // Weight names hold '/', which are groups in HDF5 (h5py makes them when it creates the dataset).
    private static void Put(H5Group group, string name, H5Dataset dataset)
    {
        var parts = name.Split('/');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!group.TryGetValue(parts[i], out var child)) group[parts[i]] = child = new H5Group();
            group = (H5Group)child;
        }
        group[parts[^1]] = dataset;
    }

    private static (long[] Shape, float[] Values) KerasValues(Tensor torch, KerasConversion conversion)
    {
        using var k = conversion switch
        {
            KerasConversion.Conv2D => torch.permute(2, 3, 1, 0).contiguous(),
            KerasConversion.Depthwise => torch.permute(2, 3, 0, 1).contiguous(),
            KerasConversion.Dense => torch.t().contiguous(),
            _ => torch.contiguous(),
        };
        return (k.shape, k.data<float>().ToArray());
    }
}
