using DataflowLung.Pipeline.Tasks;
using DataflowLung.Tests.Support;
using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Jobs;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

/// <summary>What a run tolerates is shown, never silent: on the console, in log.txt and in report.json's
/// <c>warnings</c> (count and examples per kind).</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class WarningTests
{
    /// <summary>Each warning as its producer really words it, and the kind report.json counts it under.</summary>
    [Fact]
    public void Every_warning_the_readers_and_scans_give_has_its_kind()
    {
        using var tmp = new TempFolder();
        string Decode(string path) => Assert.Single(((DecodedAudio)WavReader.Decode(path)).Warnings);
        Assert.Equal(WarningKind.TruncatedData, WarningKind.Of(Decode(HostileFiles.TruncatedWav(tmp.Combine("t.wav"), 4))));
        Assert.Equal(WarningKind.NonFiniteSamples, WarningKind.Of(Decode(HostileFiles.NaNWav(tmp.Combine("n.wav"), 2, every: 10))));
        var partial = tmp.Combine("p.wav");
        HostileFiles.Wav(partial, 1, 8000);
        var bytes = File.ReadAllBytes(partial);
        File.WriteAllBytes(partial, [.. bytes, 7]); // one byte of a next frame, inside a data chunk declared one byte longer
        bytes = File.ReadAllBytes(partial);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)) + 1);
        File.WriteAllBytes(partial, bytes);
        Assert.Equal(WarningKind.TruncatedData, WarningKind.Of(Decode(partial)));

        var jordan = tmp.Combine("jordan");
        HostileFiles.Wav(Path.Combine(jordan, "BP1_Flu,N,P R M,50,F.wav"), 1, 4000);
        HostileFiles.Wav(Path.Combine(jordan, "BP2_N,Zz,P R M,50,F.wav"), 1, 4000);
        var jordanWarnings = ((DatasetScan)JordanAdapter.Scan(jordan, new DatasetOptions())).Warnings;
        Assert.Contains(jordanWarnings, w => WarningKind.Of(w) == WarningKind.UnknownDiagnosis);
        Assert.Contains(jordanWarnings, w => WarningKind.Of(w) == WarningKind.UnknownSoundType);

        var icbhi = tmp.Combine("icbhi");
        HostileFiles.Wav(Path.Combine(icbhi, "101_1b1_Al_sc_Meditron.wav"), 2, 4000);
        File.WriteAllText(Path.Combine(icbhi, "101_1b1_Al_sc_Meditron.txt"), "0.1\t1.5\t0\t0\n1.5\t4.0\t1\t0\n");
        var icbhiScan = (DatasetScan)IcbhiAdapter.Scan(icbhi, new DatasetOptions());
        Assert.Contains(icbhiScan.Warnings, w => WarningKind.Of(w) == WarningKind.MissingDiagnosis);
        var summary = DatasetSummary.Of(icbhiScan, AudioProbe.Of, new ChunkParams(), TaskRegistry.Pneumonia);
        Assert.Contains(summary.Warnings, w => WarningKind.Of(w) == WarningKind.CyclesOutsideRecording && w.Contains("the latest ends at 4 s"));
    }

    [Fact]
    public void An_all_nan_recording_is_an_error_not_silence()
    {
        using var tmp = new TempFolder();
        var decoded = WavReader.Decode(HostileFiles.NaNWav(tmp.Combine("nan.wav"), 2, every: 1));
        Assert.True(decoded.IsFail);
        Assert.Contains("all 16000 samples are NaN or infinite", decoded.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Repeated_warnings_count_once_and_the_console_gets_a_few_per_kind()
    {
        var warnings = new RunWarnings();
        for (int i = 0; i < 8; i++) warnings.Add($"/x/{i}.wav: replaced 3 non-finite sample(s) by 0");
        warnings.Add("/x/0.wav: replaced 3 non-finite sample(s) by 0");
        var loud = new List<string>();
        var quiet = new List<string>();
        warnings.Flush(loud.Add, quiet.Add);
        Assert.Equal(RunWarnings.ConsoleExamplesPerKind + 1, loud.Count); // five, then "further ... to the log only"
        Assert.Equal(3, quiet.Count);
        Assert.Equal(8, warnings.Summary()[WarningKind.NonFiniteSamples].Count);
        warnings.Flush(loud.Add, quiet.Add);
        Assert.Equal(3, quiet.Count); // nothing new
    }

    /// <summary>An evaluate job (an untrained model: no training run needed) on a corpus with one of each problem.</summary>
    [Fact]
    public async Task Evaluate_shows_every_kind_on_the_console_in_the_log_and_in_the_report()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.Combine("corpus");
        var info = SyntheticCorpus.Generate(corpus, new SyntheticCorpusParams(IcbhiPatients: 3, JordanPatients: 3, MinSeconds: 10, MaxSeconds: 11));
        var icbhi = info.Recordings.Where(r => r.Dataset == "icbhi").Select(r => r.Path).Order(StringComparer.Ordinal).ToArray();
        var jordan = info.Recordings.Where(r => r.Dataset == "jordan").Select(r => r.Path).Order(StringComparer.Ordinal).ToArray();
        HostileFiles.TruncatedWav(icbhi[0], 11, keep: 0.7);
        HostileFiles.NaNWav(icbhi[1], 11, every: 50, sampleRate: 4000);
        File.AppendAllText(Path.ChangeExtension(icbhi[2], ".txt"), "30.0\t31.5\t0\t0\n");
        File.Copy(jordan[0], Path.Combine(corpus, "jordan", "BP99_Flu,N,P R M,50,F.wav"));
        var fifo = HostileFiles.Fifo(Path.Combine(corpus, "icbhi", "150_1b1_Al_sc_Meditron.wav"));
        var model = HostileFiles.UntrainedModel(tmp.Combine("model"));
        var runs = tmp.Combine("runs");

        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "evaluate", "--model", model, "--datasets", "icbhi,jordan", "--data-root", corpus,
            "--out", runs, "--features", "cpu", "--set", "jordan_filters=BDE").WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == ExitCodes.Success, $"{code}\n{stderr}\n{stdout}");
        var job = Path.Combine(runs, "pneumonia", "evaluate", "001");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "report.json")));
        var warnings = report.RootElement.GetProperty("warnings");
        var log = File.ReadAllText(Path.Combine(job, "log.txt"));
        foreach (var (kind, file) in new[]
                 {
                     (WarningKind.TruncatedData, icbhi[0]), (WarningKind.NonFiniteSamples, icbhi[1]), (WarningKind.CyclesOutsideRecording, icbhi[2]),
                     (WarningKind.UnknownDiagnosis, "BP99_Flu,N,P R M,50,F.wav"), (WarningKind.FilesSkipped, fifo),
                 })
        {
            Assert.True(warnings.TryGetProperty(kind, out var block), $"no {kind} in report.json warnings: {warnings}");
            Assert.True(block.GetProperty("count").GetInt32() >= 1);
            Assert.Contains(block.GetProperty("examples").EnumerateArray(), e => e.GetString()!.Contains(file));
            Assert.Contains(stdout.Split('\n'), l => l.Contains("warning: ") && l.Contains(file));
            Assert.Contains(log.Split('\n'), l => l.Contains("warning: ") && l.Contains(file));
        }
        Assert.Contains(warnings.GetProperty(WarningKind.FilesSkipped).GetProperty("examples").EnumerateArray(), e => e.GetString()!.Contains("FIFO"));
        Assert.Contains("## Warnings", File.ReadAllText(Path.Combine(job, "report.md")));
    }
}
