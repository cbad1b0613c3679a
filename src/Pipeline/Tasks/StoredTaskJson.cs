using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>A task in JSON (model.json) is its <see cref="LearningTask.StoredName"/>.</summary>
public sealed class StoredTaskJson : JsonConverter<LearningTask>
{
    public override LearningTask Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString() ?? throw new JsonException("a task name is expected, not null");
        return TaskRegistry.FromStored(name).IfNone(() => throw new JsonException(
            $"unknown task \"{name}\" (known: {string.Join(", ", TaskRegistry.All.SelectMany(t => t.Variants).Select(t => t.StoredName))})"));
    }

    public override void Write(Utf8JsonWriter writer, LearningTask value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.StoredName);
}
