using DataflowLung.Pipeline.Audio;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Audio;

/// <summary>A random valid WAV file: format, layout, channels and interleaved samples in [-1, 1].</summary>
internal sealed record WavCase(WavSampleFormat Format, int Channels, bool Extensible, int Rate, float[] Interleaved, ChannelMode Mode)
{
    public int Frames => Interleaved.Length / Channels;

    public byte[] Bytes()
    {
        using var ms = new MemoryStream();
        WavWriter.Write(ms, Interleaved, Rate, Format, Channels, Extensible);
        return ms.ToArray();
    }

    /// <summary>The mono signal an exact reader must return, before quantisation.</summary>
    public double[] ExpectedMono() => Enumerable.Range(0, Frames).Select(f => Mode switch
    {
        ChannelMode.Pick p => Interleaved[f * Channels + p.Index],
        _ => Enumerable.Range(0, Channels).Average(c => (double)Interleaved[f * Channels + c]),
    }).ToArray();

    /// <summary>One quantisation step of the format (the writer rounds to half a step; full scale +1 clips by one).</summary>
    public double Step => Format switch
    {
        WavSampleFormat.Pcm8 => 1.0 / 128,
        WavSampleFormat.Pcm16 => 1.0 / 32768,
        WavSampleFormat.Pcm24 => 1.0 / 8388608,
        WavSampleFormat.Pcm32 => 1.0 / 2147483648,
        _ => 0,
    };

    public override string ToString() => $"{Format} ch={Channels} ext={Extensible} rate={Rate} frames={Frames} mode={Mode}";

    public static readonly int[] Rates = [4000, 8000, 10000, 22050, 44100, 48000];

    public static Gen<WavCase> Generator(int maxFrames) =>
        from format in Gen.Elements(Enum.GetValues<WavSampleFormat>())
        from channels in Gen.Choose(1, 4)
        from extensible in Gen.Elements(false, true)
        from rate in Gen.Elements(Rates)
        from frames in Gen.Choose(1, maxFrames)
        from samples in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(v => v / 1e6f), frames * channels)
        from pick in Gen.Choose(-1, channels - 1)
        select new WavCase(format, channels, extensible, rate, samples,
            pick < 0 ? new ChannelMode.Mean() : new ChannelMode.Pick(pick));
}
