using System.Text.Json;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>A parameters file written with the original's names and meanings: a config whose top level says
/// <c>"names": "original"</c> (the values of the original's parameters module, as JSON). Each name is read as the
/// original meant it: the few whose meaning differs here are renamed (<see cref="Renamed"/>); every other name is the
/// same key here with the same meaning (the project kept the original's names: audio_length, step_size, lr, sr, mixup, …),
/// and a name neither lists is an unknown parameter, as in any config.</summary>
public static class OriginalNames
{
    /// <summary>The marker key and its value.</summary>
    public const string MarkerKey = "names";
    public const string MarkerValue = "original";

    /// <summary>The output root: not a parameter key here (it is <c>--out</c>), so it has its own target name.</summary>
    public const string OutputRoot = "--out (the output root)";

    /// <summary>Original name → key here, and why.</summary>
    public static IReadOnlyList<(string Original, string Here, string Why)> Renamed { get; } =
    [
        ("weight_decay", "lr_decay", "the original's weight_decay is Keras Adam's decay: per-step learning-rate decay lr / (1 + decay·step), not an L2 penalty (weight_decay here)"),
        ("cache_root", OutputRoot, "the original's cache_root is where its runs are written (the job output root); cache_root here is the feature cache; --out on the command line wins"),
    ];

    public static bool IsOriginal(JsonElement root) =>
        root.TryGetProperty(MarkerKey, out var v) && v.ValueKind == JsonValueKind.String &&
        string.Equals(v.GetString(), MarkerValue, StringComparison.OrdinalIgnoreCase);

    /// <summary>The key here for an original name (itself when not renamed).</summary>
    public static string KeyFor(string original) =>
        Renamed.Where(r => r.Original == original).Select(r => r.Here).FirstOrDefault() ?? original;
}
