namespace DataflowLung.Tests.Kernels.Support;

/// <summary>Just enough RIFF/WAVE reading to feed real recordings to the kernels in tests: integer PCM
/// (16/24/32-bit) or 32-bit float, first channel, scaled to [−1, 1).</summary>
public static class PcmWav
{
    public static float[] ReadFirstChannel(string path, int maxSamples)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (new string(r.ReadChars(4)) != "RIFF") throw new InvalidDataException($"{path}: not a RIFF file");
        r.ReadInt32();
        if (new string(r.ReadChars(4)) != "WAVE") throw new InvalidDataException($"{path}: not a WAVE file");
        int format = 0, channels = 0, bits = 0;
        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            string id = new(r.ReadChars(4));
            int size = r.ReadInt32();
            long next = r.BaseStream.Position + size + (size & 1);
            if (id == "fmt ")
            {
                format = r.ReadInt16(); channels = r.ReadInt16(); r.ReadInt32(); r.ReadInt32(); r.ReadInt16(); bits = r.ReadInt16();
                if (format == unchecked((short)0xFFFE) && size >= 40) { r.ReadInt16(); r.ReadInt16(); r.ReadInt32(); format = r.ReadInt16(); }
            }
            else if (id == "data")
            {
                int bytesPer = bits / 8, frames = Math.Min(maxSamples, size / (bytesPer * channels));
                var x = new float[frames];
                for (int i = 0; i < frames; i++)
                {
                    byte[] frame = r.ReadBytes(bytesPer * channels);
                    x[i] = (format, bits) switch
                    {
                        (3, 32) => BitConverter.ToSingle(frame, 0),
                        (1, 16) => BitConverter.ToInt16(frame, 0) / 32768f,
                        (1, 24) => ((frame[0] << 8 | frame[1] << 16 | frame[2] << 24) >> 8) / 8388608f,
                        (1, 32) => BitConverter.ToInt32(frame, 0) / 2147483648f,
                        _ => throw new InvalidDataException($"{path}: unsupported format {format} with {bits} bits"),
                    };
                }
                return x;
            }
            r.BaseStream.Position = next;
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }
}
