using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataflowLung.Model.Json;

/// <summary>JSON for numbers that may not be finite. JSON has no NaN or Infinity, and System.Text.Json throws on them
/// by default, so a diverged loss or an undefined metric would abort whatever file was being written. These writers
/// put <c>null</c> in their place (a reader gets NaN back for a non-nullable number) and count how many they replaced,
/// so the caller can say so in its log.</summary>
public static class FiniteJson
{
    private static readonly AsyncLocal<StrongBox<int>?> Replaced = new();

    /// <summary>Serialises with <paramref name="options"/> (which must hold <see cref="Converter"/>) and returns how many
    /// non-finite numbers were written as null.</summary>
    public static (string Json, int NonFinite) Serialize<T>(T value, JsonSerializerOptions options) =>
        Counting(() => JsonSerializer.Serialize(value, options));

    /// <summary>Runs <paramref name="write"/> and returns how many non-finite numbers it wrote as null through
    /// <see cref="Converter"/> or <see cref="Number"/>.</summary>
    public static (T Result, int NonFinite) Counting<T>(Func<T> write)
    {
        var previous = Replaced.Value;
        var count = new StrongBox<int>();
        Replaced.Value = count;
        try
        {
            return (write(), count.Value);
        }
        finally
        {
            Replaced.Value = previous;
        }
    }

    /// <summary>The number, or null when it is NaN or infinite (counted as in <see cref="Counting{T}"/>).</summary>
    public static System.Text.Json.Nodes.JsonNode? Number(double value)
    {
        if (double.IsFinite(value)) return System.Text.Json.Nodes.JsonValue.Create(value);
        Count();
        return null;
    }

    /// <summary>The one-line note a writer logs when it replaced values.</summary>
    public static string Note(string file, int nonFinite) =>
        $"{file}: {nonFinite} non-finite number(s) (NaN or infinity) written as null, since JSON has no literal for them";

    private static void Count()
    {
        if (Replaced.Value is { } box) box.Value++;
    }

    /// <summary>Converts double and float (and, through System.Text.Json's nullable wrapper, double? and float?).</summary>
    public static JsonConverterFactory Converter { get; } = new Factory();

    private sealed class Factory : JsonConverterFactory
    {
        public override bool CanConvert(Type type) => type == typeof(double) || type == typeof(float);

        public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
            type == typeof(double) ? new DoubleConverter() : new SingleConverter();
    }

    private delegate T ReadNumber<out T>(ref Utf8JsonReader reader);

    private sealed class DoubleConverter() : FiniteConverter<double>((ref Utf8JsonReader r) => r.GetDouble(), (w, v) => w.WriteNumberValue(v));

    private sealed class SingleConverter() : FiniteConverter<float>((ref Utf8JsonReader r) => r.GetSingle(), (w, v) => w.WriteNumberValue(v));

    /// <summary>null ↔ NaN for one floating-point type; the reader and writer keep the type's own precision.</summary>
    private abstract class FiniteConverter<T>(ReadNumber<T> read, Action<Utf8JsonWriter, T> write) : JsonConverter<T>
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        public override bool HandleNull => true;

        public override T Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.Null => T.NaN,
            // Files written before this converter spelled them as strings ("NaN", "Infinity", "-Infinity").
            JsonTokenType.String => T.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            _ => read(ref reader),
        };

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (T.IsFinite(value)) write(writer, value);
            else
            {
                Count();
                writer.WriteNullValue();
            }
        }
    }
}
