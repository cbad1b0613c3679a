using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataflowLung.Runner.Jobs;

/// <summary>JSON shape of reports: snake_case names, indented, absent values omitted.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(JobReport report) => JsonSerializer.Serialize(report, Options);

    public static JobReport Deserialize(string json) =>
        JsonSerializer.Deserialize<JobReport>(json, Options) ?? throw new JsonException("report.json holds null");
}
