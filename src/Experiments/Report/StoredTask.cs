using DataflowLung.Pipeline.Tasks;
using LanguageExt;

namespace DataflowLung.Experiments.Report;

/// <summary>The task a finished folder ran, from report.json's task name and params.json's <c>task_variant</c> (SPRSound's
/// 1-1 … 2-2), for what the pages ask of it (headline metric and level); none for a name no longer registered.</summary>
public static class StoredTask
{
    public static Option<LearningTask> Of(string name, string? variant) =>
        TaskRegistry.Find(name).Map(t => t.Variants.FirstOrDefault(v => v.VariantName.Map(n => n == variant).IfNone(false)) ?? t);

    /// <summary>params.json's <c>task_variant</c> in a folder, or null.</summary>
    public static string? Variant(string folder)
    {
        var file = Path.Combine(folder, "params.json");
        try
        {
            return File.Exists(file) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))?["parameters"]?["task_variant"] is System.Text.Json.Nodes.JsonValue v
                && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
