using System.Diagnostics;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Tests.Datasets;

/// <summary>Folder scans take regular <c>.wav</c> files (any case), each real file once, and never open a FIFO or a
/// device (a FIFO named x.wav would block the reader forever).</summary>
public sealed class WavFolderTests
{
    static void Fifo(string path)
    {
        using var p = Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [SkippableFact]
    public void Regular_files_once_whatever_the_links_and_loops()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs and device files are Unix");
        using var tmp = new TempFolder();
        var a = tmp.File("a.wav", "x");
        var upper = tmp.File("B.WAV", "x");
        var nested = tmp.File("sub/c.wav", "x");
        tmp.File("notes.txt", "not a recording");
        Fifo(System.IO.Path.Combine(tmp.Path, "x.wav"));
        File.CreateSymbolicLink(System.IO.Path.Combine(tmp.Path, "z_link.wav"), a);
        File.CreateSymbolicLink(System.IO.Path.Combine(tmp.Path, "null.wav"), "/dev/null");
        Directory.CreateSymbolicLink(System.IO.Path.Combine(tmp.Path, "sub", "loop"), tmp.Path);

        var flat = WavFolder.List(tmp.Path, recursive: false);
        Assert.Equal(new[] { upper, a }, flat.Files.ToArray());
        var deep = WavFolder.List(tmp.Path, recursive: true);
        Assert.Equal(new[] { upper, a, nested }, deep.Files.ToArray());
        string Why(WavFolder.Listing l, string name) => l.Skipped.Single(s => System.IO.Path.GetFileName(s.Path) == name).Reason;
        Assert.Contains("FIFO", Why(deep, "x.wav"));
        Assert.Contains("outside the folder", Why(deep, "null.wav")); // the path policy: a link out is never opened
        Assert.Contains($"the same file as {a}", Why(deep, "z_link.wav"));
        Assert.Equal(3, deep.Skipped.Count); // the loop adds nothing
    }

    [SkippableFact]
    public void A_dataset_scan_skips_a_fifo_with_the_reason_instead_of_blocking()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs are Unix");
        using var tmp = new TempFolder();
        Fifo(System.IO.Path.Combine(tmp.Path, "BP1_N,N,P R M,50,F.wav"));
        var scan = (DatasetScan)JordanAdapter.Scan(tmp.Path, new DatasetOptions());
        Assert.Empty(scan.Recordings);
        Assert.Contains("FIFO", Assert.Single(scan.Skipped).Reason);
    }
}
