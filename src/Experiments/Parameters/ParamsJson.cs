using DataflowLung.Pipeline.Tasks;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Model.Json;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Parameters;

/// <summary><c>params.json</c>: the resolved parameters under their config key names (so the file reads
/// back as a config), plus the task, paths and versions of the run that used them.</summary>
public static class ParamsJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every parameter with a value; a non-finite number is written as null.</summary>
    public static JsonObject ParametersObject(JobParameters p)
    {
        var o = new JsonObject();
        foreach (var key in ParameterKeys.All)
        {
            var (value, nonFinite) = FiniteJson.Counting(() => key.Get(p));
            if (value is not null || nonFinite > 0) o[key.Name] = value;
        }
        return o;
    }

    /// <summary>Names of the parameters whose value is not a finite number (written as null).</summary>
    public static IReadOnlyList<string> NonFinite(JobParameters p) =>
        ParameterKeys.All.Where(k => FiniteJson.Counting(() => k.Get(p)).NonFinite > 0).Select(k => k.Name).ToArray();

    public static JsonObject ToJson(JobParameters p, VersionInfo versions)
    {
        var json = Document(p, versions);
        if (NonFinite(p) is { Count: > 0 } names)
            json["non_finite"] = $"{string.Join(", ", names)}: not a finite number (NaN or infinity), written as null since JSON has no literal for it";
        return json;
    }

    private static JsonObject Document(JobParameters p, VersionInfo versions) => new()
    {
        ["task"] = p.Task.Name,
        ["parameters"] = ParametersObject(p),
        ["paths"] = new JsonObject
        {
            ["data_root"] = Path.GetFullPath(p.Paths.DataRoot),
            ["out_root"] = Path.GetFullPath(p.Paths.OutRoot),
            ["config_file"] = JsonValue.Create(p.Paths.ConfigFile.Map(Path.GetFullPath).IfNoneUnsafe((string?)null)),
        },
        ["versions"] = JsonSerializer.SerializeToNode(versions, ReportJson.Options),
    };

    public static string Render(JobParameters p, VersionInfo versions) => ToJson(p, versions).ToJsonString(Indented);

    /// <summary>True for the shape <see cref="ToJson"/> writes (a "parameters" object beside "task").</summary>
    public static bool IsParamsJson(JsonElement root) =>
        root.TryGetProperty("parameters", out var ps) && ps.ValueKind == JsonValueKind.Object && root.TryGetProperty("task", out _);

    /// <summary>One "key = value" line per parameter, for the printout at the start of a job.</summary>
    public static IEnumerable<string> Lines(JobParameters p) =>
        ParametersObject(p).Select(kv => $"  {kv.Key,-22} {kv.Value?.ToJsonString()}")
            .Prepend($"  {"task",-22} {p.Task.Name}")
            .Append($"  {"data_root",-22} {Path.GetFullPath(p.Paths.DataRoot)}")
            .Append($"  {"config",-22} {p.Paths.ConfigFile.IfNone("(none)")}");
}
