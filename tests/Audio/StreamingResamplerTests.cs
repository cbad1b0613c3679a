using DataflowLung.Pipeline.Audio;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Audio;

/// <summary>Streaming decode = whole decode: <see cref="StreamingResampler"/> fed in random pieces returns the
/// whole-signal <see cref="Resampler"/> output bit for bit, and <see cref="WavReader.DecodeResampled"/> returns what
/// <see cref="WavReader.Decode(string, WavReadOptions?)"/> + <see cref="Resampler"/> return (samples, info, warnings).</summary>
public class StreamingResamplerTests
{
    // Dataset rates, a pitch-shift pair and coprime pairs with an interpolated filter grid (as ResamplerPropertyTests).
    static readonly int[] Rates = [4000, 8000, 10000, 22050, 44100, 48000];
    static readonly (int From, int To)[] Pairs =
        Rates.SelectMany(a => Rates.Select(b => (a, b)))
            .Concat([(8000, 8476), (8476, 8000), (44100, 8001), (8001, 44100)]).ToArray();

    static float[] Streamed(float[] x, int from, int to, int[] pieces, ResamplerQuality? q = null)
    {
        var output = new List<float>();
        var r = new StreamingResampler(from, to, s => output.AddRange(s.ToArray()), q);
        int at = 0, i = 0;
        while (at < x.Length)
        {
            int n = Math.Min(x.Length - at, pieces[i++ % pieces.Length]);
            r.Push(x.AsSpan(at, n));
            at += n;
        }
        r.Finish();
        return [.. output];
    }

    [Fact]
    public void Chunked_equals_whole_bit_for_bit()
    {
        var gen = from n in Gen.Choose(0, 4000)
                  from pair in Gen.Elements(Pairs)
                  from pieces in Gen.NonEmptyListOf(Gen.Choose(1, 1500)).Select(l => l.ToArray())
                  from quality in Gen.Elements(ResamplerQuality.Default, ResamplerQuality.Fast)
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (n, pair, pieces, quality, seed);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var rng = new Random(c.seed);
            var x = Enumerable.Range(0, c.n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var whole = Resampler.Resample(x, c.pair.From, c.pair.To, c.quality);
            return Streamed(x, c.pair.From, c.pair.To, c.pieces, c.quality).AsSpan().SequenceEqual(whole);
        }), 150, 23);
    }

    [Fact]
    public void One_sample_pieces_and_empty_pushes_change_nothing()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 3000).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var output = new List<float>();
        var r = new StreamingResampler(44100, 8000, s => output.AddRange(s.ToArray()));
        foreach (var v in x) { r.Push([v]); r.Push([]); }
        r.Finish();
        Assert.Equal(Resampler.Resample(x, 44100, 8000), output.ToArray());
        Assert.Equal(Resampler.OutputLength(3000, 44100, 8000), r.Produced);
    }

    [Fact]
    public void Push_after_finish_is_refused()
    {
        var r = new StreamingResampler(8000, 4000, _ => { });
        r.Finish();
        Assert.Throws<InvalidOperationException>(() => r.Push([1f]));
    }

    [Fact]
    public void Streaming_decode_equals_decode_then_resample()
    {
        var dir = Directory.CreateTempSubdirectory("streaming-decode-");
        try
        {
            var gen = from wav in WavCase.Generator(5000) from to in Gen.Elements(Rates) select (wav, to);
            int file = 0;
            SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
            {
                var path = Path.Combine(dir.FullName, $"case{file++}.wav");
                File.WriteAllBytes(path, c.wav.Bytes());
                var options = new WavReadOptions(c.wav.Mode);
                var whole = WavReader.Decode(path, options).Map(d => (Resampler.Resample(d.Signal, c.to), d.Info, d.Warnings));
                var streamed = WavReader.DecodeResampled(path, c.to, options);
                return whole.Match(
                    Succ: w => streamed.Match(
                        Succ: s => s.Signal.SampleRate == c.to && s.Signal.Samples.AsSpan().SequenceEqual(w.Item1.Samples)
                                   && s.Info == w.Info && s.Warnings.SequenceEqual(w.Warnings),
                        Fail: _ => false),
                    Fail: e => streamed.Match(_ => false, f => f.Message == e.Message));
            }), 80, 24);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Streaming_decode_keeps_truncation_and_non_finite_warnings()
    {
        var dir = Directory.CreateTempSubdirectory("streaming-decode-");
        try
        {
            var samples = Enumerable.Range(0, 20000).Select(i => i % 997 == 0 ? float.NaN : MathF.Sin(i * 0.01f) * 0.5f).ToArray();
            using var ms = new MemoryStream();
            WavWriter.Write(ms, samples, 44100, WavSampleFormat.Float32);
            var bytes = ms.ToArray();
            var path = Path.Combine(dir.FullName, "cut.wav");
            File.WriteAllBytes(path, bytes[..(bytes.Length - 4001)]); // cut mid-frame: truncated + partial frame
            var w = WavReader.Decode(path).Match(v => v, e => throw new Xunit.Sdk.XunitException(e.Message));
            var s = WavReader.DecodeResampled(path, 8000).Match(v => v, e => throw new Xunit.Sdk.XunitException(e.Message));
            Assert.Equal(Resampler.Resample(w.Signal, 8000).Samples, s.Signal.Samples);
            Assert.Equal(w.Warnings.ToArray(), s.Warnings.ToArray());
            Assert.Contains(s.Warnings, m => m.Contains("truncated"));
            Assert.Contains(s.Warnings, m => m.Contains("non-finite"));
        }
        finally { dir.Delete(recursive: true); }
    }
}
