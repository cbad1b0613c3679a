using DataflowLung.Pipeline.Audio;
using static DataflowLung.Tests.Audio.RiffBuilder;

namespace DataflowLung.Tests.Audio;

public class WavReaderInputTests
{
    static readonly byte[] Pcm16Mono8k = Fmt(1, 1, 8000, 16);

    static string Problem(byte[] bytes, WavReadOptions? options = null) =>
        WavReader.Decode(new MemoryStream(bytes), "x.wav", options).Match(
            Succ: d => throw new Xunit.Sdk.XunitException($"expected a failure, decoded {d.Signal.Samples.Length} samples"),
            Fail: e => { WavReaderPropertyTests.AssertAudioError(e, "x.wav"); return e.Message; });

    [Fact]
    public void Unknown_and_odd_sized_chunks_are_skipped_with_their_pad_bytes()
    {
        var bytes = Wave(
            new Chunk("JUNK", [1, 2, 3]),                                         // odd: pad byte follows
            new Chunk("fmt ", Fmt(1, 1, 8000, 16, extra: [0, 0])),                // 18-byte fmt with cbSize = 0
            new Chunk("LIST", "INFOISFT\u0005\0\0\0abcd\0"u8.ToArray()),         // 17 bytes, padded
            new Chunk("data", Pcm16(100, -200, 32767)),
            new Chunk("id3 ", [9]));                                              // trailing chunk after data is ignored
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav"));
        Assert.Equal([100 / 32768f, -200 / 32768f, 32767 / 32768f], d.Signal.Samples);
        Assert.Equal(8000, d.Signal.SampleRate);
        Assert.True(d.Warnings.IsEmpty);
    }

    [Fact]
    public void A_block_align_the_byte_rate_contradicts_gives_way_to_the_bits_per_sample()
    {
        // SPRSound's header: 16-bit mono, byte rate 16000 at 8 kHz, block align 4 (should be 2).
        var bytes = Wave(new Chunk("fmt ", Fmt(1, 1, 8000, 16, blockAlign: 4, byteRate: 16000)), new Chunk("data", Pcm16(100, -200, 300)));
        foreach (var stream in new Stream[] { new MemoryStream(bytes), new ChunkedStream(bytes, 1) })
        {
            var d = WavReaderPropertyTests.Succ(WavReader.Decode(stream, "x.wav"));
            Assert.Equal([100 / 32768f, -200 / 32768f, 300 / 32768f], d.Signal.Samples);
            Assert.True(d.Warnings.IsEmpty);
        }
        // A byte rate that agrees with the block align keeps the wide container: 16 valid bits in 4 bytes.
        var wide = Wave(new Chunk("fmt ", Fmt(1, 1, 8000, 16, blockAlign: 4)), new Chunk("data", Pcm16(0, 100, 0, -200)));
        Assert.Equal(2, WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(wide), "x.wav")).Signal.Samples.Length);
    }

    [Fact]
    public void Odd_length_8_bit_data_is_followed_by_a_pad_byte_that_is_not_a_sample()
    {
        var bytes = Wave(new Chunk("fmt ", Fmt(1, 1, 8000, 8)), new Chunk("data", [128, 255, 0]), new Chunk("LIST", [1, 2]));
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav"));
        Assert.Equal([0f, 127 / 128f, -1f], d.Signal.Samples);
    }

    [Fact]
    public void Data_chunk_larger_than_the_file_reads_to_the_end_with_a_warning()
    {
        var bytes = Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, 2, 3, 4, 5), DeclaredSize: 1_000_000));
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav"));
        Assert.Equal(5, d.Signal.Samples.Length);
        Assert.True(d.Info.Truncated);
        Assert.Equal(500_000, d.Info.DeclaredFrames);
        Assert.Equal("x.wav: data chunk declares 1000000 bytes but only 10 are present; decoded 5 frames (truncated recording)", Assert.Single(d.Warnings));
    }

    [Fact]
    public void Unset_data_size_reads_to_the_end_with_a_warning()
    {
        var bytes = Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, 2, 3), DeclaredSize: uint.MaxValue));
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new ChunkedStream(bytes, 1), "x.wav"));
        Assert.Equal(3, d.Signal.Samples.Length);
        Assert.False(d.Info.Truncated);
        Assert.Contains("unset", Assert.Single(d.Warnings));
    }

    [Fact]
    public void Trailing_partial_frame_is_dropped_with_a_warning()
    {
        var bytes = Wave(new Chunk("fmt ", Fmt(1, 2, 8000, 16)), new Chunk("data", Pcm16(1, 2, 3, 4, 5)));
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav"));
        Assert.Equal(2, d.Signal.Samples.Length);
        Assert.Contains(d.Warnings, w => w == "x.wav: ignored a trailing partial frame of 2 byte(s)");
    }

    [Fact]
    public void Non_finite_float_samples_become_zero_with_a_warning()
    {
        var body = new byte[12];
        BitConverter.TryWriteBytes(body.AsSpan(0), 0.5f);
        BitConverter.TryWriteBytes(body.AsSpan(4), float.NaN);
        BitConverter.TryWriteBytes(body.AsSpan(8), float.PositiveInfinity);
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(Wave(new Chunk("fmt ", Fmt(3, 1, 8000, 32)), new Chunk("data", body))), "x.wav"));
        Assert.Equal([0.5f, 0f, 0f], d.Signal.Samples);
        Assert.Equal("x.wav: replaced 2 non-finite sample(s) by 0", Assert.Single(d.Warnings));
    }

    [Fact]
    public void Extensible_24_bit_in_32_bit_container_reads_left_justified_samples()
    {
        // Sub-format PCM, 32-bit container, 24 valid bits: the sample value sits in the top three bytes.
        var guid = new byte[] { 1, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 };
        var extra = new byte[24];
        extra[0] = 22; extra[2] = 24; guid.CopyTo(extra, 8);
        var data = new byte[8];
        BitConverter.TryWriteBytes(data.AsSpan(0), 0x40000000);        // +0.5
        BitConverter.TryWriteBytes(data.AsSpan(4), unchecked((int)0xC0000000)); // -0.5
        var bytes = Wave(new Chunk("fmt ", Fmt(0xFFFE, 1, 44100, 32, extra: extra)), new Chunk("data", data));
        var d = WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav"));
        Assert.Equal([0.5f, -0.5f], d.Signal.Samples);
        Assert.Equal(24, d.Info.ValidBits);
        Assert.Equal(WavSampleFormat.Pcm32, d.Info.Format);
        Assert.True(d.Info.Extensible);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "empty", [], "x.wav: empty file" },
        { "text", "hello world, not audio"u8.ToArray(), "x.wav: not a RIFF/WAVE file" },
        { "short", "RIFF"u8.ToArray(), "x.wav: not a RIFF/WAVE file" },
        { "rf64", "RF64\xff\xff\xff\xffWAVE"u8.ToArray(), "x.wav: not a RIFF/WAVE file (RF64 is not supported)" },
        { "no fmt", Wave(new Chunk("data", Pcm16(1, 2))), "x.wav: data chunk comes before the fmt chunk (not supported)" },
        { "only junk", Wave(new Chunk("JUNK", [1, 2, 3])), "x.wav: no fmt chunk" },
        { "no data", Wave(new Chunk("fmt ", Pcm16Mono8k)), "x.wav: no data chunk" },
        { "fmt too short", Wave(new Chunk("fmt ", new byte[14])), "x.wav: fmt chunk is 14 bytes, at least 16 are needed" },
        { "fmt cut short", Wave(new Chunk("fmt ", Pcm16Mono8k, DeclaredSize: 40)), "x.wav: fmt chunk is cut short" },
        { "adpcm", Wave(new Chunk("fmt ", Fmt(2, 1, 8000, 4, blockAlign: 256)), new Chunk("data", new byte[256])), "x.wav: unsupported codec 0x0002 (Microsoft ADPCM); only PCM and IEEE float are read" },
        { "mp3", Wave(new Chunk("fmt ", Fmt(0x55, 2, 44100, 0, blockAlign: 1)), new Chunk("data", new byte[64])), "x.wav: unsupported codec 0x0055 (MP3); only PCM and IEEE float are read" },
        { "mu-law", Wave(new Chunk("fmt ", Fmt(7, 1, 8000, 8)), new Chunk("data", new byte[8])), "x.wav: unsupported codec 0x0007 (µ-law); only PCM and IEEE float are read" },
        { "zero channels", Wave(new Chunk("fmt ", Fmt(1, 0, 8000, 16, blockAlign: 2)), new Chunk("data", Pcm16(1))), "x.wav: zero channels" },
        { "rate zero", Wave(new Chunk("fmt ", Fmt(1, 1, 0, 16)), new Chunk("data", Pcm16(1))), "x.wav: absurd sample rate 0 Hz (accepted: 1000–1536000 Hz)" },
        { "rate huge", Wave(new Chunk("fmt ", Fmt(1, 1, 2_000_000_000, 16)), new Chunk("data", Pcm16(1))), "x.wav: absurd sample rate 2000000000 Hz (accepted: 1000–1536000 Hz)" },
        { "block align", Wave(new Chunk("fmt ", Fmt(1, 2, 8000, 16, blockAlign: 3)), new Chunk("data", Pcm16(1))), "x.wav: block align 3 does not fit 2 channel(s)" },
        { "12-bit float", Wave(new Chunk("fmt ", Fmt(3, 1, 8000, 16)), new Chunk("data", Pcm16(1))), "x.wav: unsupported sample layout: IEEE float with 16 bits in 2 bytes" },
        { "empty data", Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", [])), "x.wav: data chunk is empty" },
        { "data shorter than a frame", Wave(new Chunk("fmt ", Fmt(1, 2, 8000, 16)), new Chunk("data", [1, 2])), "x.wav: data chunk holds no complete sample frame" },
        { "extensible short", Wave(new Chunk("fmt ", Fmt(0xFFFE, 1, 8000, 16, extra: [0, 0]))), "x.wav: WAVE_FORMAT_EXTENSIBLE fmt chunk is 18 bytes, 40 are needed" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_input_fails_with_a_message_naming_the_file_and_the_problem(string label, byte[] bytes, string message)
    {
        Assert.True(label.Length > 0);
        Assert.Equal(message, Problem(bytes));
    }

    [Fact]
    public void Extensible_with_a_foreign_sub_format_is_refused()
    {
        var extra = new byte[24];
        extra[0] = 22; extra[2] = 16;
        Guid.Parse("6dba3190-67bd-11cf-a0f7-0020afd156e4").TryWriteBytes(extra.AsSpan(8)); // not a KSDATAFORMAT_SUBTYPE_* pattern
        var message = Problem(Wave(new Chunk("fmt ", Fmt(0xFFFE, 1, 8000, 16, extra: extra)), new Chunk("data", Pcm16(1))));
        Assert.StartsWith("x.wav: unsupported WAVE_FORMAT_EXTENSIBLE sub-format", message);
    }

    [Fact]
    public void Picking_a_missing_channel_is_an_error()
    {
        var bytes = Wave(new Chunk("fmt ", Fmt(1, 2, 8000, 16)), new Chunk("data", Pcm16(1, 2)));
        Assert.Equal("x.wav: channel 2 requested but the file has 2 channel(s)", Problem(bytes, new WavReadOptions(new ChannelMode.Pick(2))));
    }

    [Fact]
    public void Files_are_named_in_errors_and_probed_without_decoding()
    {
        string dir = Directory.CreateTempSubdirectory("dataflowlung-audio-").FullName;
        try
        {
            string missing = Path.Combine(dir, "missing.wav");
            var error = WavReader.Read(missing).Match(Succ: _ => "", Fail: e => e.Message);
            Assert.StartsWith(missing + ": cannot open", error);

            string truncated = Path.Combine(dir, "truncated.wav");
            File.WriteAllBytes(truncated, Wave(new Chunk("fmt ", Fmt(1, 2, 44100, 24)), new Chunk("data", new byte[6 * 100 + 4], DeclaredSize: 6 * 1000)));
            var info = WavReader.Probe(truncated).Match(Succ: i => i, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
            Assert.Equal(new WavInfo(truncated, 44100, 2, WavSampleFormat.Pcm24, 24, false, 100, 1000), info);
            Assert.True(info.Truncated);
            Assert.Equal(100 / 44100.0, info.DurationSeconds, 12);

            string notWav = Path.Combine(dir, "notes.wav");
            File.WriteAllText(notWav, "not audio");
            Assert.Equal(notWav + ": not a RIFF/WAVE file", WavReader.Probe(notWav).Match(Succ: _ => "", Fail: e => e.Message));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
