using System.Text.RegularExpressions;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Export.Keras;

/// <summary>One weight of an original Keras layer and the state-dict entry of ours it becomes. <see cref="Owner"/> is
/// null for the layer's own weight; for a custom layer made of sub-layers (MixDepthGroupConvolution2D,
/// InvertedResidual) it is the sub-layer's Keras kind and <see cref="OwnerRank"/> its place among the layer's
/// sub-layers of that kind in creation order (their name suffixes: <c>conv2d_5</c> before <c>conv2d_6</c>).</summary>
public sealed record KerasWeightMap(string? Owner, int OwnerRank, string Variable, string Ours, KerasConversion Conversion);

/// <summary>One top-level layer of the original's Keras model: its kind (the class's default name, <c>conv2d</c>),
/// its default name in a fresh Keras session (<c>conv2d_3</c>), what it is here, and its weights.</summary>
public sealed record KerasLayerMap(string Kind, string DefaultName, string Describes, IReadOnlyList<KerasWeightMap> Weights);

/// <summary>The original's Keras model as a list of layers in its code's creation order, and how a file's layers are
/// matched to it: by kind, and within a kind by name suffix (creation order), so a file saved in a session that had
/// already built other layers (<c>conv2d_7</c>… instead of <c>conv2d</c>…) matches as well as a fresh one.</summary>
public sealed record KerasLayout(string Model, IReadOnlyList<KerasLayerMap> Layers)
{
    private static readonly Regex Suffixed = new(@"^(.*?)_(\d+)$", RegexOptions.CultureInvariant);

    /// <summary>A Keras name's kind and number: <c>conv2d_3</c> → (conv2d, 3), <c>conv2d</c> → (conv2d, 0).</summary>
    public static (string Kind, int Number) Parse(string name) =>
        Suffixed.Match(name) is { Success: true } m && int.TryParse(m.Groups[2].Value, out var n) ? (m.Groups[1].Value, n) : (name, 0);

    /// <summary>Our state-dict entries (name → torch-layout values) from <paramref name="file"/>'s layers; every
    /// problem names the Keras layer and, for a shape, both shapes. <paramref name="shapes"/>: our parameters' shapes.</summary>
    public Fin<IReadOnlyDictionary<string, float[]>> Map(KerasWeightsFile file, IReadOnlyDictionary<string, long[]> shapes)
    {
        var kinds = Layers.Select(l => l.Kind).ToHashSet();
        var foreign = file.Layers.Where(l => !kinds.Contains(Parse(l.Name).Kind)).Select(l => $"'{l.Name}' ({Describe(l)})").ToArray();
        if (foreign.Length > 0)
            return Error.New($"{file.Path}: layer {string.Join(", ", foreign)} has no counterpart in the original's {Model} " +
                             $"(its layers with weights are of kinds {string.Join(", ", kinds)}); is this file from another model?");
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var kind in Layers.Select(l => l.Kind).Distinct())
        {
            var expected = Layers.Where(l => l.Kind == kind).ToArray();
            var found = file.Layers.Where(l => Parse(l.Name).Kind == kind).OrderBy(l => Parse(l.Name).Number).ToArray();
            if (found.Length != expected.Length) return Error.New(CountProblem(file, kind, expected, found));
            for (int i = 0; i < expected.Length; i++)
            {
                var mapped = MapLayer(file.Path, expected[i], found[i], shapes);
                if (mapped.Case is not IReadOnlyList<(string Key, float[] Values)> entries) return mapped.Map(_ => (IReadOnlyDictionary<string, float[]>)result);
                foreach (var (key, values) in entries) result[key] = values;
            }
        }
        return result;
    }

    private string CountProblem(KerasWeightsFile file, string kind, KerasLayerMap[] expected, KerasLayer[] found)
    {
        var names = found.Select(l => l.Name).ToHashSet();
        var missing = expected.Where(e => !names.Contains(e.DefaultName)).ToArray();
        var head = $"{file.Path}: the original's {Model} has {expected.Length} '{kind}' layer(s) with weights, the file has {found.Length}";
        if (found.Length < expected.Length && missing.Length == expected.Length - found.Length && found.All(f => expected.Any(e => e.DefaultName == f.Name)))
            return head + ": missing layer " + string.Join(", ", missing.Select(m => $"'{m.DefaultName}' ({m.Describes})"));
        return head + $" ({(found.Length == 0 ? "none" : string.Join(", ", found.Select(f => f.Name)))}; expected, in creation order: " +
               string.Join(", ", expected.Select(e => $"{e.DefaultName} = {e.Describes}")) + ")";
    }

    private static Fin<IReadOnlyList<(string, float[])>> MapLayer(string path, KerasLayerMap expected, KerasLayer layer, IReadOnlyDictionary<string, long[]> shapes)
    {
        // Sub-layers of each kind within this layer, ranked by their name suffix (creation order).
        var owners = layer.Weights.Select(w => w.Owner(layer.Name)).Distinct()
            .GroupBy(o => Parse(o).Kind).ToDictionary(g => g.Key, g => g.OrderBy(o => Parse(o).Number).ToArray());
        var entries = new List<(string, float[])>();
        foreach (var w in expected.Weights)
        {
            var candidates = layer.Weights.Where(x => x.Variable == w.Variable
                && (w.Owner is null || (owners.TryGetValue(w.Owner, out var ranked) && ranked.Length > w.OwnerRank && x.Owner(layer.Name) == ranked[w.OwnerRank]))).ToArray();
            string what = w.Owner is null ? $"'{w.Variable}'" : $"'{w.Variable}' of its sub-layer {w.Owner} #{w.OwnerRank + 1}";
            if (candidates.Length != 1)
                return Error.New($"{path}: layer '{layer.Name}' ({expected.Describes}) has {(candidates.Length == 0 ? "no" : candidates.Length.ToString())} weight {what} " +
                                 $"(it holds {string.Join(", ", layer.Weights.Select(x => x.Name))})");
            var weight = candidates[0];
            if (!shapes.TryGetValue(w.Ours, out var ours)) return Error.New($"internal: the {expected.Describes} mapping names '{w.Ours}', which the model does not have");
            var want = KerasConversions.KerasShape(w.Conversion, ours);
            if (!weight.Shape.SequenceEqual(want))
                return Error.New($"{path}: layer '{layer.Name}' weight '{weight.Name}' has shape {Show(weight.Shape)}; {expected.Describes} ({w.Ours}, torch {Show(ours)}) needs {Show(want)}");
            entries.Add((w.Ours, KerasConversions.ToTorch(w.Conversion, weight.Shape, weight.Values)));
        }
        return entries;
    }

    private static string Describe(KerasLayer layer) => string.Join(", ", layer.Weights.Select(w => $"{w.Name} {Show(w.Shape)}"));

    public static string Show(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
