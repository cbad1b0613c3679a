using System.Globalization;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Typed reads of JSON values with messages that say what was expected and what was found.
/// Numbers and booleans written as strings are accepted too, because <c>--set key=value</c> values that
/// are not valid JSON arrive as strings.</summary>
public static class JsonValues
{
    public static Fin<int> Int(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var i) => i,
        JsonValueKind.String when int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ when IsWholeNumber(e) => Error.New($"expected an integer from {int.MinValue} to {int.MaxValue}, got {Show(e)}"),
        _ => Error.New($"expected an integer, got {Show(e)}"),
    };

    public static Fin<long> Long(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out var i) => i,
        JsonValueKind.String when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ when IsWholeNumber(e) => Error.New($"expected an integer from {long.MinValue} to {long.MaxValue}, got {Show(e)}"),
        _ => Error.New($"expected an integer, got {Show(e)}"),
    };

    /// <summary>A finite number: JSON reads 1e400 as infinity and .NET parses "NaN" and "Infinity", and neither
    /// may reach a job (they pass range checks such as "lr &gt; 0" and break every writer later).</summary>
    public static Fin<double> Double(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetDouble(out var d) && double.IsFinite(d) => d,
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        JsonValueKind.Number => Error.New($"expected a finite number, got {Show(e)} (out of range)"),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
            Error.New($"expected a finite number, got {Show(e)}"),
        _ => Error.New($"expected a number, got {Show(e)}"),
    };

    /// <summary>The first number anywhere inside <paramref name="e"/> (lists and objects included) that is not a
    /// finite double, as written; checked for every parameter value before it is read.</summary>
    public static Option<string> FirstNonFinite(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetDouble(out var d) && double.IsFinite(d) ? None : Some(e.GetRawText()),
        JsonValueKind.Array => e.EnumerateArray().Select(FirstNonFinite).Somes().HeadOrNone(),
        JsonValueKind.Object => e.EnumerateObject().Select(p => FirstNonFinite(p.Value)).Somes().HeadOrNone(),
        _ => None,
    };

    /// <summary>An integer as written, whatever its size (to tell "out of range" from "not an integer").</summary>
    private static bool IsWholeNumber(JsonElement e) =>
        e.ValueKind is JsonValueKind.Number or JsonValueKind.String
        && System.Numerics.BigInteger.TryParse(e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    public static Fin<bool> Bool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(e.GetString(), out var b) => b,
        _ => Error.New($"expected true or false, got {Show(e)}"),
    };

    public static Fin<string> String(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? FinSucc(e.GetString()!)
        : Error.New($"expected a string, got {Show(e)}");

    /// <summary>An enum member by case-insensitive name, listing the accepted names on failure.</summary>
    public static Fin<T> Enum<T>(JsonElement e) where T : struct, System.Enum =>
        String(e).Bind(s => System.Enum.TryParse<T>(s, ignoreCase: true, out var v) && System.Enum.IsDefined(v)
            ? FinSucc(v)
            : Error.New($"expected one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got {Show(e)}"));

    /// <summary>A list of strings: a JSON array of strings, or one comma-separated string.</summary>
    public static Fin<Seq<string>> StringList(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array when e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) =>
            toSeq(e.EnumerateArray().Select(x => x.GetString()!.Trim()).ToArray()),
        JsonValueKind.String => toSeq(e.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
        _ => Error.New($"expected a list of names, got {Show(e)}"),
    };

    public static string Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"\"{e.GetString()}\"",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => e.GetRawText(),
    };
}
