using System.Diagnostics;
using DataflowLung.Experiments.Explain;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.IO;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Hostile inputs, round 3 (issue 23), through the real CLI on generated files: outputs never replace what they
/// did not create, nothing outside the named folder is opened, and every failure of input or environment is one line.</summary>
public sealed class HostileRound3Tests
{
    static string Wav(string path, int seconds = 2)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rng = new Random(3);
        WavWriter.Write(path, Enumerable.Range(0, seconds * 8000).Select(_ => (float)(0.1 * (rng.NextDouble() - 0.5))).ToArray(), 8000);
        return path;
    }

    static void Fifo(string path)
    {
        using var p = Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    static void NoTrace(string stderr) => Assert.DoesNotContain("   at ", stderr);

    [Fact]
    public async Task Spectrogram_never_writes_into_a_job_folder_onto_a_recording_or_over_a_file_without_force()
    {
        using var tmp = new TempFolder();
        var wav = Wav(tmp.Combine("data", "200_1b1_Al_sc_Test.wav"));
        var job = Directory.CreateDirectory(tmp.Combine("job")).FullName;
        File.WriteAllText(Path.Combine(job, "model.json"), "{}");
        File.WriteAllText(Path.Combine(job, "report.json"), "{\"kept\":1}");

        var (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", Path.Combine(job, "report.json"), "--force");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("job folder", err);
        NoTrace(err);
        Assert.Equal("{\"kept\":1}", File.ReadAllText(Path.Combine(job, "report.json")));

        var other = Wav(tmp.Combine("data", "201_1b1_Al_sc_Test.wav"));
        var before = File.ReadAllBytes(other);
        (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", other, "--force");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("recording", err);
        Assert.Equal(before, File.ReadAllBytes(other));
        (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", tmp.Combine("data", "new.png"));
        Assert.Contains("data folder", err);
        Assert.False(File.Exists(tmp.Combine("data", "new.png")));

        if (!OperatingSystem.IsWindows())
        {
            // A device is never a target, even with --force (as root, renaming over it would replace the device node).
            (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", "/dev/null", "--force");
            Assert.Contains("not a regular file", err);
        }

        var png = tmp.Combine("plots", "a.png");
        (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", png);
        Assert.True(code == ExitCodes.Success, err);
        (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", png);
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("--force", err);
        (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", png, "--force");
        Assert.True(code == ExitCodes.Success, err);
        Assert.Equal(["a.png"], Directory.GetFiles(tmp.Combine("plots")).Select(Path.GetFileName)); // no temporary file left
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Spectrogram_into_a_read_only_folder_is_one_line_and_leaves_nothing()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions");
        Skip.If(Environment.UserName == "root", "running as root: chmod does not stop root from writing, so no read-only folder can be made");
        using var tmp = new TempFolder();
        var wav = Wav(tmp.Combine("data", "200_1b1_Al_sc_Test.wav"));
        var ro = Directory.CreateDirectory(tmp.Combine("ro")).FullName;
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var (code, _, err) = await CliArgumentTests.Run(null, "spectrogram", wav, "--out", Path.Combine(ro, "a.png"));
            Assert.NotEqual(ExitCodes.Success, code);
            NoTrace(err);
            Assert.Empty(Directory.GetFileSystemEntries(ro));
        }
        finally
        {
            File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [SkippableFact]
    public async Task A_config_must_be_a_small_regular_file_so_a_fifo_or_dev_zero_is_refused_at_once()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs and /dev/zero are Unix");
        using var tmp = new TempFolder();
        var fifo = tmp.Combine("config.json");
        Fifo(fifo);
        foreach (var config in new[] { fifo, "/dev/zero" })
        {
            var (code, _, err) = await CliArgumentTests.Run(null, "datasets", "--data-root", tmp.Path, "--datasets", "icbhi", "--config", config);
            Assert.Equal(ExitCodes.BadArguments, code);
            Assert.Contains("not a regular file", err);
        }
        var big = tmp.Combine("big.json");
        File.WriteAllText(big, "{\"epochs\": 3" + new string(' ', 2 << 20) + "}");
        var (bigCode, _, bigErr) = await CliArgumentTests.Run(null, "datasets", "--data-root", tmp.Path, "--datasets", "icbhi", "--config", big);
        Assert.Equal(ExitCodes.BadArguments, bigCode);
        Assert.Contains("limit", bigErr);
    }

    [SkippableFact]
    public async Task Bad_names_and_links_out_are_skipped_with_a_reason_and_the_scan_goes_on()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var tmp = new TempFolder();
        var root = tmp.Combine("data");
        Wav(Path.Combine(root, "jordan", "BP1_N,N,P R M,50,F.wav"));
        Wav(Path.Combine(root, "jordan", "BP99999999999_N,N,P R M,50,F.wav"));
        Wav(Path.Combine(root, "jordan", "BP١٢_N,N,P R M,50,F.wav"));
        Wav(Path.Combine(root, "icbhi", "101_1b1_Al_sc_Meditron.wav"));
        var secret = tmp.Combine("secret.txt");
        File.WriteAllText(secret, "TOPSECRET\t1\t2\t3\n");
        File.CreateSymbolicLink(Path.Combine(root, "icbhi", "101_1b1_Al_sc_Meditron.txt"), secret);

        var (code, stdout, err) = await CliArgumentTests.Run(null, "datasets", "--data-root", root, "--datasets", "jordan,icbhi");
        Assert.True(code == ExitCodes.Success, err);
        NoTrace(err);
        Assert.Contains("out of range", stdout);
        Assert.Contains("is not a Jordan name", stdout);
        Assert.Contains("outside the folder", stdout);
        Assert.DoesNotContain("TOPSECRET", stdout + err);
    }

    [Fact]
    public void A_manifest_row_outside_its_folder_is_skipped_and_never_opened()
    {
        using var tmp = new TempFolder();
        Wav(tmp.Combine("elsewhere", "x.wav"));
        var outside = Wav(tmp.Combine("elsewhere", "y.wav"));
        var inside = Wav(tmp.Combine("m", "a.wav"));
        File.WriteAllText(tmp.Combine("m", "manifest.csv"), $"path,patient,pneumonia\na.wav,1,0\n../elsewhere/x.wav,2,1\n{outside},3,1\n");
        var scan = (DatasetScan)ManifestAdapter.Scan("custom", tmp.Combine("m", "manifest.csv"));
        Assert.Equal([inside], scan.Recordings.Map(r => r.Path).ToArray());
        Assert.Equal(2, scan.Skipped.Count(s => s.Reason.Contains("outside the folder")));
    }

    [SkippableFact]
    public void A_link_to_an_ancestor_is_not_walked()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var tmp = new TempFolder();
        Wav(tmp.Combine("outside.wav"));
        var inside = Wav(tmp.Combine("dir", "in.wav"));
        Directory.CreateSymbolicLink(tmp.Combine("dir", "up"), "..");
        var listing = WavFolder.List(tmp.Combine("dir"), recursive: true);
        Assert.Equal([inside], listing.Files.ToArray());
        Assert.Contains(listing.Skipped, s => s.Path.EndsWith("up") && s.Reason.Contains("outside the folder"));
    }

    [Fact]
    public async Task A_full_or_closed_stdout_is_one_line_and_exit_3()
    {
        using var tmp = new TempFolder();
        Wav(tmp.Combine("data", "icbhi", "101_1b1_Al_sc_Meditron.wav"));
        File.WriteAllText(tmp.Combine("data", "icbhi", "101_1b1_Al_sc_Meditron.txt"), "0.1\t1.0\t0\t0\n");
        var err = new StringWriter();
        var code = await Cli.RunAsync(["datasets", "--data-root", tmp.Combine("data"), "--datasets", "icbhi"], new FullWriter(), err, CancellationToken.None);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("No space left on device", err.ToString());
        NoTrace(err.ToString());
    }

    sealed class FullWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");
        public override void Write(string? value) => throw new IOException("No space left on device");
        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }

    [Fact]
    public void The_atomic_writer_leaves_no_temporary_file_on_failure_and_cleans_a_dead_writers_leftover()
    {
        using var tmp = new TempFolder();
        var target = tmp.Combine("out", "a.bin");
        Assert.Throws<IOException>(() => AtomicFile.Write(target, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new IOException("disk full");
        }));
        Assert.Empty(Directory.GetFiles(tmp.Combine("out")));
        var stale = tmp.Combine("out", ".dataflowlung-999999999-0123456789abcdef.tmp"); // no such process
        File.WriteAllText(stale, "left by a killed run");
        AtomicFile.WriteAllText(target, "whole");
        Assert.Equal(["a.bin"], Directory.GetFiles(tmp.Combine("out")).Select(Path.GetFileName));
        Assert.Equal("whole", File.ReadAllText(target));
    }

    [Fact]
    public void Long_recording_names_give_short_distinct_output_names()
    {
        var a = new string('a', 254);
        var b = new string('a', 253) + "b";
        var (na, nb) = (ChunkOutcomeKinds.ImageName(a + "#3", 1, 0.9f), ChunkOutcomeKinds.ImageName(b + "#3", 1, 0.9f));
        Assert.NotEqual(na, nb);
        Assert.True(na.Length <= 200 && nb.Length <= 200, $"{na.Length}, {nb.Length}");
        Assert.Equal("BP1_N_N.png", ChunkOutcomeKinds.SafeName("BP1 N,N") + ".png"); // short names are unchanged
    }
}
