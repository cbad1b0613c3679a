using System.Text.Json;
using System.Text.Json.Serialization;
using DataflowLung.Model.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>JSON shape of reports: snake_case names, indented, undefined and non-finite values as null
/// (<see cref="FiniteJson"/>).</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never, // an undefined metric is written as null, never left out
        Converters = { FiniteJson.Converter },
    };

    public static string Serialize(JobReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>The report and how many non-finite numbers it holds as null.</summary>
    public static (string Json, int NonFinite) SerializeCounting(JobReport report) => FiniteJson.Serialize(report, Options);

    public static JobReport Deserialize(string json) =>
        JsonSerializer.Deserialize<JobReport>(json, Options) ?? throw new JsonException("report.json holds null");

    /// <summary>A record file in this JSON shape: a clear error naming the file when it is missing
    /// (<paramref name="missingHint"/> appended), null or not a valid <paramref name="what"/>.</summary>
    public static Fin<T> ReadFile<T>(string path, string what, string missingHint = "")
    {
        if (!File.Exists(path)) return Error.New($"{path} not found{missingHint}");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) is { } r
                ? FinSucc(r)
                : Error.New($"{path} holds null");
        }
        catch (JsonException e)
        {
            return Error.New($"{path} is not a valid {what}: {e.Message}");
        }
    }
}
