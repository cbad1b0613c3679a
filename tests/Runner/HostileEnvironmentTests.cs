using DataflowLung.Pipeline.Audio;
using DataflowLung.Runner.Cli;

namespace DataflowLung.Tests.Runner;

/// <summary>Hostile environments (issue 23, "no stack trace for any input, path or environment"), through the CLI on
/// generated folders: an unusable cache root, a closed or full stdout of the real process, and label files that link
/// out of the data root for every dataset reader. The job-level cases (a full disk, a foreign optimizer state, SIGTERM
/// by phase) are in <see cref="HostileEnvironmentJobTests"/>.</summary>
public sealed class HostileEnvironmentTests
{
    const string Secret = "TOPSECRET";

    static string Wav(string path, int seconds = 2)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rng = new Random(5);
        WavWriter.Write(path, Enumerable.Range(0, seconds * 8000).Select(_ => (float)(0.1 * (rng.NextDouble() - 0.5))).ToArray(), 8000);
        return path;
    }

    static void NoTrace(string text) => Assert.DoesNotContain("   at ", text);

    /// <summary>A data root with one annotated ICBHI recording: enough for a job to get past its data checks.</summary>
    static string IcbhiRoot(TempFolder tmp)
    {
        Wav(tmp.Combine("data", "icbhi", "101_1b1_Al_sc_Meditron.wav"));
        File.WriteAllText(tmp.Combine("data", "icbhi", "101_1b1_Al_sc_Meditron.txt"), "0.1\t1.0\t0\t0\n");
        return tmp.Combine("data");
    }

    [Fact]
    public async Task A_cache_root_that_is_a_file_is_one_line_before_any_job_folder()
    {
        using var tmp = new TempFolder();
        var data = IcbhiRoot(tmp);
        var file = tmp.Combine("cache-file");
        File.WriteAllText(file, "not a folder");
        var runs = tmp.Combine("runs");
        var (code, _, err) = await CliArgumentTests.Run(null, "pneumonia", "--datasets", "icbhi", "--data-root", data, "--out", runs, "--set", $"cache_root={file}");
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains($"cache_root {file} is a file, not a folder", err);
        Assert.Contains("--no-cache", err);
        NoTrace(err);
        Assert.False(Directory.Exists(runs)); // checked before the job folder is made
        Assert.Equal("not a folder", File.ReadAllText(file));

        // The cache command neither reads nor removes a file given as its folder.
        (code, _, err) = await CliArgumentTests.Run(null, "cache", "clear", "--cache-root", file);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("is a file, not a cache folder", err);
        Assert.True(File.Exists(file));
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_read_only_cache_root_is_one_line_before_any_job_folder()
    {
        using var tmp = new TempFolder();
        var data = IcbhiRoot(tmp);
        var ro = tmp.Combine("ro");
        using var mount = TmpfsMount.TryMount(ro, "ro,size=1m", out var why);
        if (mount is null)
        {
            // Without a read-only mount, file permissions make one, except for root (whom they do not stop).
            Skip.If(OperatingSystem.IsWindows() || Environment.UserName == "root", why);
            Directory.CreateDirectory(ro);
            File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        try
        {
            var runs = tmp.Combine("runs");
            var (code, _, err) = await CliArgumentTests.Run(null, "pneumonia", "--datasets", "icbhi", "--data-root", data, "--out", runs,
                "--set", $"cache_root={Path.Combine(ro, "cache")}");
            Assert.Equal(ExitCodes.BadArguments, code);
            Assert.Contains("bad cache folder", err);
            Assert.Contains("is not writable", err);
            NoTrace(err);
            Assert.False(Directory.Exists(runs));
        }
        finally
        {
            if (mount is null && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [SkippableTheory]
    [InlineData(">&-")]
    [InlineData("> /dev/full")]
    public async Task A_closed_or_full_stdout_of_the_process_is_one_line_on_stderr(string redirect)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/bin/sh redirections and /dev/full");
        Skip.IfNot(File.Exists(RunnerProcess.Dll), $"{RunnerProcess.Dll} not built");
        using var tmp = new TempFolder();
        var data = IcbhiRoot(tmp);
        var (code, err) = await RunnerProcess.WithStdout(redirect, "datasets", "--data-root", data, "--datasets", "icbhi");
        Assert.True(code == ExitCodes.Failed, $"exit {code}: {err}");
        Assert.Contains("cannot write to standard output", err);
        NoTrace(err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Label_files_that_link_out_of_the_data_root_are_skipped_and_never_read_for_every_dataset()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var tmp = new TempFolder();
        var data = tmp.Combine("data");
        var outside = Directory.CreateDirectory(tmp.Combine("outside")).FullName;
        string SecretFile(string name, string text)
        {
            var path = Path.Combine(outside, name);
            File.WriteAllText(path, text);
            return path;
        }
        void Link(string path, string target)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.CreateSymbolicLink(path, target);
        }
        var cycles = SecretFile("cycles.txt", $"{Secret}\t1\t2\t3\n");

        // ICBHI: the official split list linked out.
        Wav(Path.Combine(data, "icbhi", "101_1b1_Al_sc_Meditron.wav"));
        File.WriteAllText(Path.Combine(data, "icbhi", "101_1b1_Al_sc_Meditron.txt"), "0.1\t1.0\t0\t0\n");
        Link(Path.Combine(data, "icbhi", "ICBHI_challenge_train_test.txt"), SecretFile("split.txt", $"{Secret} train\n"));
        // PERCH and Antwerp: a cycle annotation linked out (a good recording beside it keeps the dataset non-empty).
        Wav(Path.Combine(data, "perch", "P1-1F.wav"));
        File.WriteAllText(Path.Combine(data, "perch", "P1-1F.txt"), "0.1\t1.0\t0\t0\n");
        Wav(Path.Combine(data, "perch", "P2-1F.wav"));
        Link(Path.Combine(data, "perch", "P2-1F.txt"), cycles);
        Wav(Path.Combine(data, "antwerp", "ant_1_a.wav"));
        File.WriteAllText(Path.Combine(data, "antwerp", "ant_1_a.txt"), "0.1\t1.0\t0\t0\n");
        Wav(Path.Combine(data, "antwerp", "ant_2_a.wav"));
        Link(Path.Combine(data, "antwerp", "ant_2_a.txt"), cycles);
        // BD: the label sheet linked out, and a whole _SEGMENTED folder linked out.
        Wav(Path.Combine(data, "bd", "H1_SEGMENTED", "H1_2020_1-1_F.wav"));
        Link(Path.Combine(data, "bd", "labels.csv"), SecretFile("labels.csv", $"HOSP_ID,PEP1\n{Secret},PEP\nH1,PEP\n"));
        Wav(Path.Combine(outside, "H9_SEGMENTED", "H9_2020_1-1_F.wav"));
        Directory.CreateSymbolicLink(Path.Combine(data, "bd", "H9_SEGMENTED"), Path.Combine(outside, "H9_SEGMENTED"));
        // SPRSound: one recording's json linked out; the patient table linked out is the other case below.
        var summary = ",patient_num,disease,age,gender\n0,100,Pneumonia (severe),5.1,0\n1,101,Control Group,6.0,1\n";
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(data, "sprsound")).FullName, "SPRSound_patient_summary.csv"), summary);
        var json = "{\"record_annotation\": \"Normal\", \"event_annotation\": []}";
        Wav(Path.Combine(data, "sprsound", "train_wav", "100_5.1_0_p1_1.wav"));
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(data, "sprsound", "train_json")).FullName, "100_5.1_0_p1_1.json"), json);
        Wav(Path.Combine(data, "sprsound", "train_wav", "101_6.0_1_p1_1.wav"));
        Link(Path.Combine(data, "sprsound", "train_json", "101_6.0_1_p1_1.json"),
            SecretFile("annotation.json", $"{{\"record_annotation\": \"{Secret}\", \"event_annotation\": []}}"));

        var (code, stdout, err) = await CliArgumentTests.Run(null, "datasets", "--data-root", data, "--datasets", "icbhi,antwerp,bd,sprsound");
        Assert.True(code == ExitCodes.Success, err + stdout);
        // PERCH has no pneumonia labels: its scan is the crackles/wheezes task's.
        var (perchCode, perchOut, perchErr) = await CliArgumentTests.Run(null, "datasets", "--data-root", data, "--datasets", "perch", "--task", "cw");
        Assert.True(perchCode == ExitCodes.Success, perchErr + perchOut);
        (stdout, err) = (stdout + perchOut, err + perchErr);
        NoTrace(err);
        Assert.DoesNotContain(Secret, stdout + err);
        foreach (var skipped in new[]
                 {
                     Path.Combine("icbhi", "ICBHI_challenge_train_test.txt"), Path.Combine("perch", "P2-1F.wav"), Path.Combine("antwerp", "ant_2_a.wav"),
                     Path.Combine("bd", "labels.csv"), Path.Combine("bd", "H9_SEGMENTED"), Path.Combine("sprsound", "train_wav", "101_6.0_1_p1_1.wav"),
                 })
            Assert.True(stdout.Split('\n').Any(l => l.Contains(skipped, StringComparison.Ordinal) && l.Contains("outside the folder", StringComparison.Ordinal)),
                $"{skipped} is not listed as outside the folder:\n{stdout}");

        // SPRSound's patient table linked out: the dataset cannot be read, and says why without reading it.
        File.Delete(Path.Combine(data, "sprsound", "SPRSound_patient_summary.csv"));
        Link(Path.Combine(data, "sprsound", "SPRSound_patient_summary.csv"), SecretFile("summary.csv", summary.Replace("Control Group", Secret)));
        (code, stdout, err) = await CliArgumentTests.Run(null, "datasets", "--data-root", data, "--datasets", "sprsound");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("outside the folder", err + stdout);
        Assert.DoesNotContain(Secret, stdout + err);
        NoTrace(err);
    }
}
