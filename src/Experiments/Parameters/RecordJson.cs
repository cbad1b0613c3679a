using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Structured parameter values (augmentation entries and the like) as JSON objects with snake_case
/// keys and snake_case enum names. Unknown keys inside an object are refused, as at the top level: a typo in
/// "quantiy" must not silently fall back to a default.</summary>
public static class RecordJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = new OriginalNamingPolicy(),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new SeqJsonConverterFactory() },
    };

    /// <summary>snake_case, except the original's run-together <c>minval</c>/<c>maxval</c>.</summary>
    private sealed class OriginalNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name switch
        {
            "MinVal" => "minval",
            "MaxVal" => "maxval",
            _ => SnakeCaseLower.ConvertName(name),
        };
    }

    public static Fin<T> Read<T>(JsonElement e)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(e, Options) is { } value
                ? FinSucc(value)
                : Error.New("expected a value, got null");
        }
        catch (JsonException x)
        {
            return Error.New(Describe(x));
        }
    }

    public static JsonNode? Write<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    // System.Text.Json's messages name .NET types; keep the part a config author can act on.
    private static string Describe(JsonException x)
    {
        var path = string.IsNullOrEmpty(x.Path) || x.Path == "$" ? "" : $" at {x.Path}";
        var message = x.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"cannot read the value{path}: {(cut > 0 ? message[..cut] : message)}";
    }
}
