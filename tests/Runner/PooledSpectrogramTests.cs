using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Plots;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

/// <summary><c>runner spectrogram</c> of long recordings (issue 23): pooled columns computed segment by segment from
/// the decode stream equal the whole signal's frames averaged the same way, away from segment starts; a recording of
/// at most <see cref="PooledSpectrogram.MaxColumns"/> frames is drawn exactly as before.</summary>
public sealed class PooledSpectrogramTests
{
    static float[] Signal(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => (float)(0.1 * (rng.NextDouble() - 0.5) + 0.3 * Math.Sin(2 * Math.PI * (200 + i / 4000.0) * i / 8000.0))).ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Pooled_columns_are_the_whole_signal_frames_averaged(bool center)
    {
        using var tmp = new TempFolder();
        var f = new FeatureParams(SampleRate: 8000, NFft: 256, HopLength: 128, NMels: 32, Center: center, TopDb: 1000);
        var samples = Signal(100 * 8000, 3);
        var wav = tmp.Combine("long.wav");
        WavWriter.Write(wav, samples, 8000, WavSampleFormat.Float32);

        var image = PooledSpectrogram.Compute(wav, f, FeatureBackendKind.Cpu, segmentSeconds: 3.3).ThrowIfFail();
        using var whole = FeatureBackends.Create(FeatureBackendKind.Cpu, f, samples.Length);
        var frames = new float[f.NMels * whole.Frames];
        whole.Compute(samples, 1, frames);

        int k = image.FramesPerColumn;
        Assert.Equal(whole.Frames, image.Frames);
        Assert.Equal(PooledSpectrogram.FramesPerColumn(whole.Frames), k);
        Assert.True(k > 1 && image.Columns <= PooledSpectrogram.MaxColumns);
        Assert.Equal((whole.Frames + k - 1) / k, image.Columns);
        // A segment starts every perSegment frames; its first frames (half an FFT window) see the clip's padding.
        int perSegment = (int)Math.Round(3.3 * 8000 / 128);
        int checkedColumns = 0;
        for (int c = 0; c < image.Columns - 1; c++)
        {
            int from = c * k, to = Math.Min(whole.Frames, from + k);
            bool nearStart = Enumerable.Range(from, to - from).Any(t => t % perSegment < 2 || t % perSegment > perSegment - 2);
            if (nearStart) continue;
            checkedColumns++;
            for (int m = 0; m < f.NMels; m++)
            {
                double expected = Enumerable.Range(from, to - from).Average(t => frames[m * whole.Frames + t]);
                Assert.True(Math.Abs(expected - image.Values[m * image.Columns + c]) < 1e-3 * Math.Max(1, Math.Abs(expected)),
                    $"column {c}, mel {m}: {image.Values[m * image.Columns + c]} vs {expected}");
            }
        }
        Assert.True(checkedColumns > image.Columns / 2, $"only {checkedColumns} of {image.Columns} columns were compared");
    }

    [Fact]
    public void A_short_recording_is_drawn_exactly_as_from_the_whole_signal()
    {
        using var tmp = new TempFolder();
        var wav = tmp.Combine("in", "short.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(wav)!);
        WavWriter.Write(wav, Signal(20 * 8000, 4), 44100);
        var p = ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Pneumonia, None, Seq1(("features_backend", "cpu")), "data", "runs")).ThrowIfFail();
        Assert.True(PooledSpectrogram.ExpectedFrames(wav, p.Features) <= PooledSpectrogram.MaxColumns);

        var drawn = SpectrogramDrawing.Draw(p, wav, tmp.Combine("out", "drawn.png"), None).ThrowIfFail();
        // The whole-signal drawing as it was before pooling existed.
        var signal = AudioLoader.LoadMono(wav, p.Features.SampleRate).ThrowIfFail();
        using var backend = FeatureBackends.Create(FeatureBackendKind.Cpu, p.Features, signal.Samples.Length);
        var values = new float[p.Features.NMels * backend.Frames];
        backend.Compute(signal.Samples, 1, values);
        var reference = tmp.Combine("out", "reference.png");
        SpectrogramPlot.Save(reference, "short.wav", values, p.Features.NMels, backend.Frames,
            (double)p.Features.HopLength / p.Features.SampleRate, [], width: Math.Clamp(backend.Frames * 2, 900, 3000));
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(drawn.Path));
    }
}
