using System.Diagnostics;
using DataflowLung.Experiments.Data;

namespace DataflowLung.Tests.Runner;

/// <summary>Corpora left in the temp folder by demos that were killed are removed at the next demo's start; a live
/// demo's corpus, other folders, and links are never touched.</summary>
public sealed class DemoTempCorpusTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("demo-sweep-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Corpora_of_gone_processes_are_removed_and_nothing_else()
    {
        var now = DateTime.UtcNow;
        string dead = Corpus("dead", OwnerOfExitedProcess());
        string reused = Corpus("reused", $"{Environment.ProcessId} 12345"); // this process's id, another start time
        string live = Corpus("live", DemoTempCorpus.OwnerOf(Process.GetCurrentProcess()));
        string oldOwnerless = Corpus("old", owner: null);
        Directory.SetLastWriteTimeUtc(oldOwnerless, now - DemoTempCorpus.OwnerlessAge - TimeSpan.FromMinutes(1));
        string newOwnerless = Corpus("new", owner: null);
        string garbled = Corpus("garbled", "not an owner");
        // Not a demo corpus by name, though its owner file names a process gone (pid 1 started at another time), and
        // reachable through a link that has the prefix: neither is removed, and the link is not followed.
        string other = Directory.CreateDirectory(Path.Combine(root, "something-else")).FullName;
        File.WriteAllText(Path.Combine(other, DemoTempCorpus.OwnerFile), "1 1");
        string link = Path.Combine(root, DemoTempCorpus.Prefix + "link");
        Directory.CreateSymbolicLink(link, other);

        var removed = DemoTempCorpus.SweepStale(root, now);

        Assert.Equal(new[] { dead, oldOwnerless, reused }.Order(), removed.Order());
        foreach (var kept in new[] { live, newOwnerless, garbled, other, link }) Assert.True(Directory.Exists(kept), kept);
        Assert.True(File.Exists(Path.Combine(other, DemoTempCorpus.OwnerFile)));
    }

    [Fact]
    public void A_missing_temp_folder_is_no_error() =>
        Assert.Empty(DemoTempCorpus.SweepStale(Path.Combine(root, "absent"), DateTime.UtcNow));

    private string Corpus(string name, string? owner)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, DemoTempCorpus.Prefix + name)).FullName;
        File.WriteAllText(Path.Combine(folder, "recording.wav"), "x");
        if (owner is not null) File.WriteAllText(Path.Combine(folder, DemoTempCorpus.OwnerFile), owner);
        return folder;
    }

    private static string OwnerOfExitedProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        string owner = DemoTempCorpus.OwnerOf(process);
        process.Kill();
        process.WaitForExit();
        return owner;
    }
}
