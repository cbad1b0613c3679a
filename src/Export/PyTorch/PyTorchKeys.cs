using System.Text.RegularExpressions;

namespace DataflowLung.Export.PyTorch;

/// <summary>The explicit map from this project's state-dict keys (TorchSharp module field names) to those of the
/// PyTorch classes in bench/anchors/pytorch_train.py (TinyCnn: bench/anchors/check_export.py). Rules are tried in
/// order, first match wins; a key no rule matches is an error, so a renamed module shows up at export time and
/// check_export.py's strict <c>load_state_dict</c> catches the PyTorch side.</summary>
public static class PyTorchKeys
{
    private sealed record Rule(Regex From, string To);

    private static Rule R(string from, string to) => new(new Regex("^" + from + "$", RegexOptions.CultureInvariant), to);

    private const string Bn = @"(weight|bias|running_mean|running_var|num_batches_tracked)";

    // Shared by model9's stages and final blocks: InvertedResidual fields → expand/dw/project + bn1..bn3.
    private static readonly (string From, string To)[] Residual =
    [
        (@"expand\.conv\.(weight|bias)", "expand.conv.$X"), (@"depthwise\.conv\.(weight|bias)", "dw.conv.$X"),
        (@"project\.conv\.(weight|bias)", "project.conv.$X"), (@"expandNorm\." + Bn, "bn1.$X"),
        (@"depthwiseNorm\." + Bn, "bn2.$X"), (@"projectNorm\." + Bn, "bn3.$X"),
    ];

    private static readonly IReadOnlyDictionary<string, Rule[]> Rules = new Dictionary<string, Rule[]>
    {
        ["tiny"] = [R(@"(conv1|conv2)\.conv\.(weight|bias)", "$1.conv.$2"), R(@"(norm1|norm2)\." + Bn, "$1.$2"), R(@"head\.(weight|bias)", "head.$1")],
        ["mixednet"] =
        [
            R(@"blocks\.(\d+)\.conv\.conv\.(weight|bias)", "convs.$1.conv.$2"),
            R(@"blocks\.(\d+)\.mix\.groups\.(\d+)\.conv\.weight", "mixes.$1.convs.$2.conv.weight"),
            R(@"blocks\.(\d+)\.norm\." + Bn, "norms.$1.$2"),
            R(@"head\.(weight|bias)", "head.$1"),
        ],
        ["model9"] =
        [
            R(@"inputNorm\." + Bn, "bn_in.$1"),
            R(@"inception\.reduce3\.conv\.(weight|bias)", "inception.r3.conv.$1"), R(@"inception\.conv3\.conv\.(weight|bias)", "inception.c3.conv.$1"),
            R(@"inception\.reduce5\.conv\.(weight|bias)", "inception.r5.conv.$1"), R(@"inception\.conv5\.conv\.(weight|bias)", "inception.c5.conv.$1"),
            R(@"inception\.poolProjection\.conv\.(weight|bias)", "inception.pp.conv.$1"),
            R(@"inceptionNorm\." + Bn, "bn_inc.$1"),
            .. Residual.Select(r => R(@"stages\.(\d+)\.first\." + r.From, "stages.$1.0." + r.To.Replace("$X", "$2"))),
            .. Residual.Select(r => R(@"stages\.(\d+)\.second\." + r.From, "stages.$1.1." + r.To.Replace("$X", "$2"))),
            R(@"stages\.(\d+)\.norm\." + Bn, "stages.$1.2.$2"),
            .. Residual.Select(r => R(@"final1\." + r.From, "final.0." + r.To.Replace("$X", "$1"))),
            .. Residual.Select(r => R(@"final2\." + r.From, "final.1." + r.To.Replace("$X", "$1"))),
            R(@"head\.(weight|bias)", "head.$1"),
        ],
    };

    public static bool Knows(string model) => Rules.ContainsKey(model);

    /// <summary>The PyTorch name of <paramref name="key"/>, or null when no rule maps it.</summary>
    public static string? Map(string model, string key)
    {
        foreach (var rule in Rules[model])
            if (rule.From.Match(key) is { Success: true } m)
                return m.Result(rule.To);
        return null;
    }
}
