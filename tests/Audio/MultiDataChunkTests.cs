using static DataflowLung.Tests.Audio.RiffBuilder;
using DataflowLung.Pipeline.Audio;

namespace DataflowLung.Tests.Audio;

/// <summary>Issue 23: a WAV with two <c>data</c> chunks was half-read (the second silently dropped). Now a file
/// (seekable) with a second data chunk is refused, naming the byte where it starts; one data chunk followed by
/// other chunks still reads.</summary>
public class MultiDataChunkTests
{
    static readonly byte[] Pcm16Mono8k = Fmt(1, 1, 8000, 16);

    static string Error(byte[] bytes) => WavReader.Decode(new MemoryStream(bytes), "two.wav").Match(Succ: _ => "(read)", Fail: e => e.Message);

    [Fact]
    public void A_second_data_chunk_is_refused_with_its_offset()
    {
        var bytes = Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, 2)), new Chunk("data", Pcm16(3, 4)));
        // 12 preamble + 8+16 fmt + 8+4 data = 48
        Assert.Equal("two.wav: a second data chunk at byte 48: files with more than one data chunk are not supported (join the samples into one chunk)", Error(bytes));
    }

    [Fact]
    public void A_second_data_chunk_after_other_chunks_and_an_odd_first_one_is_refused()
    {
        var odd = Wave(new Chunk("fmt ", Fmt(1, 1, 8000, 8)), new Chunk("data", [1, 2, 3]), new Chunk("LIST", new byte[10]), new Chunk("data", [4, 5]));
        Assert.Contains("a second data chunk at byte", Error(odd));
    }

    [Fact]
    public void A_data_chunk_followed_by_other_chunks_still_reads()
    {
        var bytes = Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, 2)), new Chunk("LIST", new byte[6]));
        Assert.Equal([1 / 32768f, 2 / 32768f], WavReaderPropertyTests.Succ(WavReader.Decode(new MemoryStream(bytes), "x.wav")).Signal.Samples);
    }

    [Fact]
    public void A_second_data_chunk_is_refused_when_the_file_is_read_from_disk()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("dfl-multidata-").FullName, "two.wav");
        try
        {
            File.WriteAllBytes(path, Wave(new Chunk("fmt ", Pcm16Mono8k), new Chunk("data", Pcm16(1, 2)), new Chunk("data", Pcm16(3, 4))));
            Assert.Contains("more than one data chunk", WavReader.Read(path).Match(Succ: _ => "(read)", Fail: e => e.Message));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }
}
