using DataflowLung.Pipeline.Audio;
using DataflowLung.Runner.Cli;
using SkiaSharp;

namespace DataflowLung.Tests.Runner;

public sealed class SpectrogramCommandTests
{
    [Fact]
    public async Task Draws_a_recording_with_the_cycles_of_its_annotation_file()
    {
        using var tmp = new TempFolder();
        var wav = tmp.Combine("200_1b1_Al_sc_Test.wav");
        var rng = new Random(5);
        // 4 s: noise, with a 400 Hz tone (a "wheeze") from 1 s to 2 s
        var samples = Enumerable.Range(0, 4 * 8000)
            .Select(i => (float)(0.05 * (rng.NextDouble() - 0.5) + (i is >= 8000 and < 16000 ? 0.3 * Math.Sin(2 * Math.PI * 400 * i / 8000.0) : 0)))
            .ToArray();
        WavWriter.Write(wav, samples, 8000);
        File.WriteAllText(Path.ChangeExtension(wav, ".txt"), "0.2\t1.9\t0\t1\n2.0 3.8\t1\t0\n");
        var png = tmp.Combine("out", "spec.png");
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", png, "--set", "n_mels=64");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("2 annotated cycles", stdout);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= 900);
    }

    [Fact]
    public async Task A_missing_recording_is_named_in_the_error()
    {
        using var tmp = new TempFolder();
        var (code, _, stderr) = await CliArgumentTests.Run(null, "spectrogram", tmp.Combine("absent.wav"), "--out", tmp.Combine("x.png"));
        Assert.Equal(ExitCodes.MissingData, code);
        Assert.Contains("absent.wav", stderr);
    }
}
