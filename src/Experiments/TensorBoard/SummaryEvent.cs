using Google.Protobuf;

namespace DataflowLung.Experiments.TensorBoard;

/// <summary>The few TensorFlow protobuf messages an event file needs, encoded field by field with Google.Protobuf's
/// <see cref="CodedOutputStream"/> (no generated code: four messages, a dozen fields). Field numbers are those of
/// tensorflow/core/util/event.proto and framework/summary.proto: Event {wall_time 1, step 2, file_version 3,
/// summary 5}; Summary {value 1}; Summary.Value {tag 1, simple_value 2, image 4, tensor 8, metadata 9};
/// Summary.Image {height 1, width 2, colorspace 3, encoded_image_string 4}; SummaryMetadata {plugin_data 1
/// {plugin_name 1}}; TensorProto {dtype 1, tensor_shape 2, string_val 8} with dtype DT_STRING = 7.</summary>
public static class SummaryEvent
{
    public const string FileVersion = "brain.Event:2";
    const int DtString = 7;

    public static byte[] Version(double wallTime) => Event(wallTime, 0, e => e.WriteTag(3, WireFormat.WireType.LengthDelimited), FileVersion);

    public static byte[] Scalar(double wallTime, long step, string tag, float value) =>
        Summary(wallTime, step, Value(tag, v =>
        {
            v.WriteTag(2, WireFormat.WireType.Fixed32);
            v.WriteFloat(value);
        }));

    /// <summary>A PNG (or any encoded image) as TensorBoard's image plugin shows it.</summary>
    public static byte[] Image(double wallTime, long step, string tag, byte[] encoded, int width, int height) =>
        Summary(wallTime, step, Value(tag, v => v.WriteTag(4, WireFormat.WireType.LengthDelimited), Message(i =>
        {
            i.WriteTag(1, WireFormat.WireType.Varint); i.WriteInt32(height);
            i.WriteTag(2, WireFormat.WireType.Varint); i.WriteInt32(width);
            i.WriteTag(3, WireFormat.WireType.Varint); i.WriteInt32(4); // RGBA
            i.WriteTag(4, WireFormat.WireType.LengthDelimited); i.WriteBytes(ByteString.CopyFrom(encoded));
        })));

    /// <summary>Markdown text, as TensorBoard's text plugin reads it: a scalar string tensor tagged with the plugin "text".</summary>
    public static byte[] Text(double wallTime, long step, string tag, string markdown)
    {
        var metadata = Message(m =>
        {
            m.WriteTag(1, WireFormat.WireType.LengthDelimited);
            m.WriteBytes(Message(p => { p.WriteTag(1, WireFormat.WireType.LengthDelimited); p.WriteString("text"); }));
        });
        var tensor = Message(t =>
        {
            t.WriteTag(1, WireFormat.WireType.Varint); t.WriteInt32(DtString);
            t.WriteTag(2, WireFormat.WireType.LengthDelimited); t.WriteBytes(ByteString.Empty); // shape [] : a scalar
            t.WriteTag(8, WireFormat.WireType.LengthDelimited); t.WriteBytes(ByteString.CopyFromUtf8(markdown));
        });
        return Summary(wallTime, step, Value(tag, v =>
        {
            v.WriteTag(8, WireFormat.WireType.LengthDelimited); v.WriteBytes(tensor);
            v.WriteTag(9, WireFormat.WireType.LengthDelimited); v.WriteBytes(metadata);
        }));
    }

    static ByteString Value(string tag, Action<CodedOutputStream> body) => Message(v =>
    {
        v.WriteTag(1, WireFormat.WireType.LengthDelimited);
        v.WriteString(tag);
        body(v);
    });

    static ByteString Value(string tag, Action<CodedOutputStream> fieldTag, ByteString message) => Value(tag, v =>
    {
        fieldTag(v);
        v.WriteBytes(message);
    });

    static byte[] Summary(double wallTime, long step, ByteString value)
    {
        var summary = Message(s => { s.WriteTag(1, WireFormat.WireType.LengthDelimited); s.WriteBytes(value); });
        return Event(wallTime, step, e => e.WriteTag(5, WireFormat.WireType.LengthDelimited), summary);
    }

    static byte[] Event(double wallTime, long step, Action<CodedOutputStream> fieldTag, object payload)
    {
        using var buffer = new MemoryStream();
        using (var e = new CodedOutputStream(buffer, leaveOpen: true))
        {
            e.WriteTag(1, WireFormat.WireType.Fixed64); e.WriteDouble(wallTime);
            if (step != 0) { e.WriteTag(2, WireFormat.WireType.Varint); e.WriteInt64(step); }
            fieldTag(e);
            if (payload is string s) e.WriteString(s); else e.WriteBytes((ByteString)payload);
        }
        return buffer.ToArray();
    }

    static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var o = new CodedOutputStream(buffer, leaveOpen: true)) write(o);
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
