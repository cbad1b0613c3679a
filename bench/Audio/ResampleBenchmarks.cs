using BenchmarkDotNet.Attributes;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;

namespace DataflowLung.Bench.Audio;

/// <summary>Decode and resample throughput on one minute of synthetic 24-bit audio held in memory
/// (deterministic noise, so the numbers do not depend on the real-data folder).</summary>
[MemoryDiagnoser]
public class ResampleBenchmarks
{
    const int Seconds = 60;

    [Params(44100, 4000)]
    public int SourceRate { get; set; }

    byte[] _wav = [];
    Signal _signal = new([], 1);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        var samples = new float[SourceRate * Seconds];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(random.NextDouble() * 1.6 - 0.8);
        using var ms = new MemoryStream();
        WavWriter.Write(ms, samples, SourceRate, WavSampleFormat.Pcm24);
        _wav = ms.ToArray();
        _signal = WavReader.Read(new MemoryStream(_wav), "bench.wav").Match(Succ: s => s, Fail: e => throw new InvalidOperationException(e.Message));
    }

    [Benchmark]
    public int Decode() => WavReader.Read(new MemoryStream(_wav), "bench.wav").Match(Succ: s => s.Samples.Length, Fail: _ => -1);

    [Benchmark]
    public int ResampleTo8k() => Resampler.Resample(_signal, 8000).Samples.Length;

    [Benchmark]
    public int ResampleTo8kFast() => Resampler.Resample(_signal, 8000, ResamplerQuality.Fast).Samples.Length;

    [Benchmark]
    public int DecodeAndResampleTo8k() =>
        WavReader.Read(new MemoryStream(_wav), "bench.wav").Map(s => Resampler.Resample(s, 8000)).Match(Succ: s => s.Samples.Length, Fail: _ => -1);
}

/// <summary>The project's polyphase resampler against NAudio's WdlResampler on one minute of noise, 44.1 kHz → 8 kHz
/// and 4 kHz → 8 kHz, in the same run (docs/audio.md): <c>dotnet run -c Release --project bench -- --filter '*ResamplerComparison*'</c>.</summary>
[MemoryDiagnoser]
public class ResamplerComparisonBenchmarks
{
    [Params(44100, 4000)]
    public int SourceRate { get; set; }

    float[] _samples = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        _samples = new float[SourceRate * 60];
        for (int i = 0; i < _samples.Length; i++) _samples[i] = (float)(random.NextDouble() * 1.6 - 0.8);
    }

    [Benchmark(Baseline = true)]
    public int Polyphase() => Resampler.Resample(_samples, SourceRate, 8000).Length;

    [Benchmark]
    public int PolyphaseFast() => Resampler.Resample(_samples, SourceRate, 8000, ResamplerQuality.Fast).Length;

    [Benchmark]
    public int WdlLinear() => WdlResampling.Resample(_samples, SourceRate, 8000, WdlResampling.Mode.Linear).Length;

    [Benchmark]
    public int WdlSinc() => WdlResampling.Resample(_samples, SourceRate, 8000, WdlResampling.Mode.Sinc).Length;
}
