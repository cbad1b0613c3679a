using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Tests.Runner;

public sealed class JobFolderTests
{
    [Fact]
    public void Jobs_take_the_next_free_id_and_never_reuse_an_existing_folder()
    {
        using var tmp = new TempFolder();
        var group = tmp.Combine("pneumonia", "default");
        var first = JobFolder.CreateNext(group);
        File.WriteAllText(first.ReportJson, "keep me");
        var second = JobFolder.CreateNext(group);
        Directory.CreateDirectory(Path.Combine(group, "007")); // a folder someone made by hand
        var third = JobFolder.CreateNext(group);
        Assert.Equal(["001", "002", "008"], new[] { first.Id, second.Id, third.Id });
        Assert.Equal("keep me", File.ReadAllText(first.ReportJson));
        Assert.True(Directory.Exists(third.Plots));
    }

    [Fact]
    public void Log_lines_written_before_the_folder_exists_are_kept_with_timestamps()
    {
        using var tmp = new TempFolder();
        var printed = new List<string>();
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        using (var log = new JobLog(printed.Add, () => at))
        {
            log.Info("parameters resolved");
            log.Attach(tmp.Combine("log.txt"));
            log.Info("epoch 1");
        }
        Assert.Equal(["parameters resolved", "epoch 1"], printed);
        Assert.Equal(["2026-01-02T03:04:05.678Z parameters resolved", "2026-01-02T03:04:05.678Z epoch 1"], File.ReadAllLines(tmp.Combine("log.txt")));
    }
}
