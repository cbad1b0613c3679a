using System.Text.Json;
using System.Text.Json.Serialization;
using DataflowLung.Model.Json;

namespace DataflowLung.Runner.Jobs;

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
}
