using System.Buffers.Binary;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Tests.Support;
using static DataflowLung.Tests.Audio.RiffBuilder;

namespace DataflowLung.Tests.Audio;

/// <summary>Where NAudio's WAV parsing (seekable streams) and the project's forward-only walk meet: they agree
/// sample for sample, and the files NAudio alone would refuse or misread still read (docs/audio.md).</summary>
public class WavContainerTests
{
    static readonly byte[] Pcm16Mono8k = Fmt(1, 1, 8000, 16);

    static DecodedAudio Seekable(byte[] bytes) => WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav"));

    static DecodedAudio ForwardOnly(byte[] bytes) => WavReaderPropertyTests.Succ(WavReader.Decode(new ChunkedStream(bytes, 7), "x.wav"));

    [Fact]
    public void A_RIFF_size_smaller_than_its_chunks_still_reads()
    {
        // NAudio stops walking at the RIFF size and finds no fmt chunk; the project's walk ignores that size.
        var bytes = Wave(new Chunk("JUNK", new byte[100]), new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, -2, 3)));
        foreach (uint riffSize in new uint[] { 0, 20 })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), riffSize);
            Assert.Equal([1 / 32768f, -2 / 32768f, 3 / 32768f], Seekable(bytes).Signal.Samples);
        }
    }

    [Fact]
    public void An_odd_chunk_padded_with_a_non_zero_byte_still_reads()
    {
        // NAudio skips the pad byte only when it is 0; RIFF says the pad is there whatever its value.
        var junk = new Chunk("JUNK", [1, 2, 3, 0xAB], DeclaredSize: 3, Pad: false);
        var bytes = Wave(junk, new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(5, 6)));
        Assert.Equal([5 / 32768f, 6 / 32768f], Seekable(bytes).Signal.Samples);
    }

    [Fact]
    public void Looser_than_before_an_odd_chunk_without_its_pad_byte_reads_from_a_file()
    {
        // Some writers forget the pad byte; NAudio notices (the next byte is not 0) and reads on. The forward-only
        // walk cannot look ahead and still refuses such a stream.
        var bytes = Wave(new Chunk("JUNK", [1, 2, 3], Pad: false), new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(7, 8)));
        Assert.Equal([7 / 32768f, 8 / 32768f], Seekable(bytes).Signal.Samples);
        Assert.True(WavReader.Decode(new ChunkedStream(bytes, 3), "x.wav").IsFail);
    }

    [Fact]
    public void Looser_than_before_a_fmt_chunk_after_the_data_reads_from_a_file()
    {
        var bytes = Wave(new Chunk("data", Pcm16(9, 10)), new Chunk("fmt ", Pcm16Mono8k));
        Assert.Equal([9 / 32768f, 10 / 32768f], Seekable(bytes).Signal.Samples);
        Assert.Equal("x.wav: data chunk comes before the fmt chunk (not supported)",
            WavReader.Decode(new ChunkedStream(bytes, 3), "x.wav").Match(Succ: _ => "", Fail: e => e.Message));
    }

    [Fact]
    public void NAudio_and_the_forward_only_walk_agree_on_truncation_warnings()
    {
        var bytes = Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, 2, 3, 4, 5), DeclaredSize: 1_000));
        var (a, b) = (Seekable(bytes), ForwardOnly(bytes));
        Assert.Equal(a.Signal.Samples, b.Signal.Samples);
        Assert.Equal(a.Warnings, b.Warnings);
        Assert.Equal(500, a.Info.DeclaredFrames);
    }

    /// <summary>Every real recording: NAudio's parse (a file) and the project's walk (the same bytes as a
    /// forward-only stream) give the same samples, header facts and warnings.</summary>
    [SkippableFact]
    public void Every_real_recording_decodes_identically_through_NAudio_and_the_walk()
    {
        Skip.If(TestData.Root is null, TestData.SkipReason);
        var files = Directory.GetFiles(TestData.Root, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 251, $"{files.Length} recordings");
        foreach (var file in files)
        {
            var viaNAudio = WavReaderPropertyTests.Succ(WavReader.Decode(file));
            var bytes = File.ReadAllBytes(file);
            var viaWalk = WavReaderPropertyTests.Succ(WavReader.Decode(new ChunkedStream(bytes, bytes.Length), file));
            Assert.Equal(viaWalk.Info, viaNAudio.Info);
            Assert.Equal(viaWalk.Warnings, viaNAudio.Warnings);
            Assert.True(viaWalk.Signal.Samples.AsSpan().SequenceEqual(viaNAudio.Signal.Samples), file);
        }
    }
}
