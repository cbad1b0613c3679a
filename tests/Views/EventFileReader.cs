using Google.Protobuf;
using DataflowLung.Experiments.TensorBoard;

namespace DataflowLung.Tests.Views;

/// <summary>A test's own reading of an event file: the TFRecord frames (both CRCs checked by
/// <see cref="TfRecord.ReadAll"/>) and each Event decoded field by field with <see cref="CodedInputStream"/>, written
/// independently of the encoder from event.proto / summary.proto's field numbers.</summary>
public static class EventFileReader
{
    public sealed record Value(string Tag, float? Scalar, (int Height, int Width, byte[] Png)? Image, string? Text, string? Plugin);

    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<Value> Values);

    public static IReadOnlyList<Event> Read(string path) => TfRecord.ReadAll(path).Select(ParseEvent).ToList();

    static Event ParseEvent(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        double wall = 0; long step = 0; string? version = null; var values = new List<Value>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: wall = input.ReadDouble(); break;
                case 2: step = input.ReadInt64(); break;
                case 3: version = input.ReadString(); break;
                case 5: values.AddRange(Fields(input.ReadBytes(), 1).Select(v => ParseValue(v))); break;
                default: input.SkipLastField(); break;
            }
        return new Event(wall, step, version, values);
    }

    static Value ParseValue(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string name = ""; float? scalar = null; (int, int, byte[])? image = null; string? text = null, plugin = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 2: scalar = input.ReadFloat(); break;
                case 4:
                {
                    var i = input.ReadBytes().CreateCodedInput();
                    int h = 0, w = 0; byte[] png = [];
                    uint t;
                    while ((t = i.ReadTag()) != 0)
                        switch (WireFormat.GetTagFieldNumber(t))
                        {
                            case 1: h = i.ReadInt32(); break;
                            case 2: w = i.ReadInt32(); break;
                            case 4: png = i.ReadBytes().ToByteArray(); break;
                            default: i.SkipLastField(); break;
                        }
                    image = (h, w, png);
                    break;
                }
                case 8:
                {
                    var t = input.ReadBytes().CreateCodedInput();
                    int dtype = 0; string? s = null;
                    uint f;
                    while ((f = t.ReadTag()) != 0)
                        switch (WireFormat.GetTagFieldNumber(f))
                        {
                            case 1: dtype = t.ReadInt32(); break;
                            case 8: s = t.ReadBytes().ToStringUtf8(); break;
                            default: t.SkipLastField(); break;
                        }
                    Assert.Equal(7, dtype); // DT_STRING
                    text = s;
                    break;
                }
                case 9: plugin = Fields(Fields(input.ReadBytes(), 1).Single(), 1).Single().ToStringUtf8(); break;
                default: input.SkipLastField(); break;
            }
        return new Value(name, scalar, image, text, plugin);
    }

    /// <summary>The length-delimited fields numbered <paramref name="field"/> of a message.</summary>
    static IEnumerable<ByteString> Fields(ByteString message, int field)
    {
        var input = message.CreateCodedInput();
        var found = new List<ByteString>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
            if (WireFormat.GetTagFieldNumber(tag) == field) found.Add(input.ReadBytes());
            else input.SkipLastField();
        return found;
    }
}
