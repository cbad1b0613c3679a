using DataflowLung.Pipeline.Audio;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Tests.Audio;

public class WavReaderPropertyTests
{
    static readonly WavReadOptions DefaultOptions = WavReadOptions.Default;

    /// <summary>Every supported format, plain or extensible, 1–4 channels, mean or picked channel: reading
    /// what the writer wrote gives the input within one quantisation step, and the header facts back.</summary>
    [Fact]
    public void Write_then_read_round_trips_within_the_quantisation_step()
    {
        SeededProperty.Check(Prop.ForAll(WavCase.Generator(700).ToArbitrary(), c =>
        {
            var bytes = c.Bytes();
            var options = new WavReadOptions(c.Mode);
            var seekable = WavReader.Decode(new MemoryStream(bytes), "case.wav", options);
            var forwardOnly = WavReader.Decode(new ChunkedStream(bytes, bytes.Length), "case.wav", options);
            var expected = c.ExpectedMono();
            foreach (var result in new[] { seekable, forwardOnly })
            {
                var d = Succ(result);
                Assert.Equal(c.Rate, d.Signal.SampleRate);
                Assert.Equal(new WavInfo("case.wav", c.Rate, c.Channels, c.Format, c.Format.BytesPerSample() * 8, c.Extensible, c.Frames, c.Frames), d.Info);
                Assert.True(d.Warnings.IsEmpty, string.Join("; ", d.Warnings));
                Assert.Equal(expected.Length, d.Signal.Samples.Length);
                double tolerance = c.Step + 1e-6;
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(d.Signal.Samples[i] - expected[i]) <= tolerance, $"{c}: sample {i}: {d.Signal.Samples[i]} vs {expected[i]}");
            }
            return true;
        }), 150, 21);
    }

    /// <summary>Cutting a valid file anywhere gives either a prefix of the full decode (with a truncation
    /// warning when samples are missing) or an <see cref="AudioError"/>; never an exception.</summary>
    [Fact]
    public void Any_truncation_decodes_a_prefix_or_fails_with_an_audio_error()
    {
        var gen = from c in WavCase.Generator(300) from cut in Gen.Choose(0, 100_000) select (c, cut);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var bytes = t.c.Bytes();
            int length = t.cut % (bytes.Length + 1);
            var full = Succ(WavReader.Decode(new MemoryStream(bytes), "full.wav", new WavReadOptions(t.c.Mode))).Signal.Samples;
            foreach (var stream in new Stream[] { new MemoryStream(bytes, 0, length), new ChunkedStream(bytes[..length], length) })
            {
                WavReader.Decode(stream, "cut.wav", new WavReadOptions(t.c.Mode)).Match(
                    Succ: d =>
                    {
                        Assert.InRange(d.Signal.Samples.Length, 1, full.Length);
                        Assert.True(full.AsSpan(0, d.Signal.Samples.Length).SequenceEqual(d.Signal.Samples));
                        bool missing = d.Signal.Samples.Length < full.Length;
                        Assert.Equal(missing, d.Info.Truncated);
                        if (missing) Assert.Contains(d.Warnings, w => w.StartsWith("cut.wav: data chunk declares"));
                    },
                    Fail: e => AssertAudioError(e, "cut.wav"));
            }
            return true;
        }), 200, 22);
    }

    /// <summary>Random bytes, bare or behind a valid-looking RIFF/WAVE/fmt preamble, and valid files with
    /// random bytes overwritten, never crash the reader: success or an <see cref="AudioError"/>.</summary>
    [Fact]
    public void Random_bytes_never_crash_the_reader()
    {
        var noise = Gen.ArrayOf(Gen.Choose(0, 255).Select(v => (byte)v));
        var riffNoise = noise.Select(body => RiffBuilder.Wave(new RiffBuilder.Chunk("fmt ", body.Take(40).ToArray()), new RiffBuilder.Chunk("data", body.Skip(40).ToArray())));
        var mutated = from c in WavCase.Generator(50)
                      from edits in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 6)
                      select Mutate(c.Bytes(), edits);
        var gen = Gen.OneOf(noise, riffNoise, mutated);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            foreach (var mode in new ChannelMode[] { new ChannelMode.Mean(), new ChannelMode.Pick(1) })
            {
                WavReader.Decode(new MemoryStream(bytes), "noise.wav", new WavReadOptions(mode)).Match(
                    Succ: d => Assert.NotEmpty(d.Signal.Samples),
                    Fail: e => AssertAudioError(e, "noise.wav"));
            }
            return true;
        }), 600, 23);
    }

    static byte[] Mutate(byte[] bytes, int[] edits)
    {
        var copy = (byte[])bytes.Clone();
        // Pairs of (position, value); bias positions towards the header where the decisions are made.
        for (int i = 0; i + 1 < edits.Length; i += 2) copy[edits[i] % Math.Min(copy.Length, 80)] = (byte)edits[i + 1];
        return copy;
    }

    internal static DecodedAudio Succ(Fin<DecodedAudio> result) =>
        result.Match(Succ: d => d, Fail: e => throw new Xunit.Sdk.XunitException("expected success, got: " + e.Message));

    internal static void AssertAudioError(Error e, string name)
    {
        var audio = Assert.IsType<AudioError>(e);
        Assert.Equal(name, audio.File);
        Assert.StartsWith(name + ": ", audio.Message);
        Assert.Equal(AudioError.AudioErrorCode, audio.Code);
    }
}
