using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataflowLung.Runner.Jobs;

/// <summary>JSON shape of reports: snake_case names, indented, undefined values as null.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never, // an undefined metric is written as null, never left out
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(JobReport report) => JsonSerializer.Serialize(report, Options);

    public static JobReport Deserialize(string json) =>
        JsonSerializer.Deserialize<JobReport>(json, Options) ?? throw new JsonException("report.json holds null");
}
