using System.Globalization;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>A SPRSound annotation file as the release writes it:
/// <c>{"record_annotation": "CAS", "event_annotation": [{"start": "342", "end": "2515", "type": "Wheeze"}, …]}</c>.
/// Only that form is read. The release's README shows <c>recording_annotation</c> and integer times, which no file
/// holds: a file in that form is refused with a message saying so, rather than guessed at. Times are strings of
/// whole milliseconds; events keep the file's order (not time order in 1,124 of the release's 2,683 files; the test clips are numbered
/// by it). Poor Quality recordings hold an empty event list.</summary>
public sealed record SprsoundAnnotation(string Record, Seq<EventAnnotation> Events)
{
    public const string RecordKey = "record_annotation";
    public const string ReadmeRecordKey = "recording_annotation";
    public const string EventsKey = "event_annotation";

    // Whole milliseconds that a TimeSpan holds without overflow.
    static readonly long MaxMilliseconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>The annotation in <paramref name="path"/>; every failure names the file.</summary>
    public static Fin<SprsoundAnnotation> Read(string path) =>
        // A regular file under the text-input limit (a FIFO or a device is refused, not waited on).
        IO.InputText.ReadLines(path).Map(lines => string.Join('\n', lines)).Bind(text => Parse(text, path));

    public static Fin<SprsoundAnnotation> Parse(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return FromRoot(doc.RootElement).BiMap(x => x, e => Error.New($"{path}: {e.Message}"));
        }
        catch (JsonException e)
        {
            return Error.New($"{path}: malformed json: {e.Message}");
        }
    }

    static Fin<SprsoundAnnotation> FromRoot(JsonElement root) =>
        from _ in root.ValueKind == JsonValueKind.Object ? FinSucc(unit) : Error.New($"expected a json object, got {Kind(root)}")
        from record in RecordLabel(root)
        from events in EventList(root)
        select new SprsoundAnnotation(record, events);

    static Fin<string> RecordLabel(JsonElement root)
    {
        if (root.TryGetProperty(RecordKey, out var value))
            return value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0
                ? FinSucc(value.GetString()!.Trim())
                : Error.New($"'{RecordKey}' must be a non-empty string, got {Kind(value)}");
        return root.TryGetProperty(ReadmeRecordKey, out _)
            ? Error.New($"holds '{ReadmeRecordKey}' (the README's example) instead of '{RecordKey}' (the release's key): not a file of the release")
            : Error.New($"no '{RecordKey}' key (nor the README's '{ReadmeRecordKey}')");
    }

    static Fin<Seq<EventAnnotation>> EventList(JsonElement root)
    {
        if (!root.TryGetProperty(EventsKey, out var list))
            return Error.New($"no '{EventsKey}' key");
        if (list.ValueKind != JsonValueKind.Array)
            return Error.New($"'{EventsKey}' must be a list, got {Kind(list)}");
        return toSeq(list.EnumerateArray().Select((e, i) => Event(e).BiMap(x => x, err => Error.New($"{EventsKey}[{i}]: {err.Message}"))).ToArray())
            .Sequence();
    }

    static Fin<EventAnnotation> Event(JsonElement e) =>
        from _ in e.ValueKind == JsonValueKind.Object ? FinSucc(unit) : Error.New($"expected an object, got {Kind(e)}")
        from start in Milliseconds(e, "start")
        from end in Milliseconds(e, "end")
        from __ in end > start ? FinSucc(unit) : Error.New($"end {end} ms is not after start {start} ms")
        from type in e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Trim().Length > 0
            ? FinSucc(t.GetString()!.Trim())
            : Error.New("'type' must be a non-empty string")
        select new EventAnnotation(TimeSpan.FromTicks(start * TimeSpan.TicksPerMillisecond), TimeSpan.FromTicks(end * TimeSpan.TicksPerMillisecond), type);

    static Fin<long> Milliseconds(JsonElement e, string key)
    {
        if (!e.TryGetProperty(key, out var v)) return Error.New($"no '{key}'");
        if (v.ValueKind != JsonValueKind.String)
            return Error.New($"'{key}' must be a string of milliseconds as the release writes it (\"342\"), got {Kind(v)} {v.GetRawText()}");
        return long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= MaxMilliseconds
            ? FinSucc(ms)
            : Error.New($"'{key}' is not a whole number of milliseconds: \"{v.GetString()}\"");
    }

    static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
