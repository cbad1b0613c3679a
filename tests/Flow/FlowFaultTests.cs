using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Flow;

public sealed class FlowFaultTests
{
    /// <summary>Good recordings plus a corrupt WAV, an empty file, a recording without its annotation and a file
    /// that does not exist: the epoch finishes, names each bad file with its reason, and yields exactly the
    /// chunks of the good ones.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bad_recordings_are_reported_by_file_and_skipped(bool training)
    {
        string folder = FlowTestKit.TempFolder("faults");
        var good = FlowTestKit.WriteCorpus(folder, 7);
        string corrupt = Path.Combine(folder, "corrupt.wav");
        File.WriteAllBytes(corrupt, [.. "JUNKJUNKJUNK"u8, .. new byte[100]]);
        string empty = Path.Combine(folder, "empty.wav");
        File.WriteAllBytes(empty, []);
        string missing = Path.Combine(folder, "missing.wav");
        var unannotated = good[3] with { Cycles = None, Name = "unannotated" };
        var bad = new[]
        {
            good[0] with { Path = corrupt, Name = "corrupt" },
            good[0] with { Path = empty, Name = "empty" },
            unannotated,
            good[0] with { Path = missing, Name = "missing" },
        };
        var recordings = good.Where(r => r != good[3]).Concat(bad).ToList();

        var flow = new DataFlow(FlowTestKit.Stages(TaskRegistry.CracklesWheezes), FlowTestKit.SmallParams());
        await using var run = flow.Epoch(recordings, epoch: 0, training);
        var batches = await FlowTestKit.Collect(run);
        var report = await run.Completion;

        var faults = report.Faults.ToDictionary(f => f.File, f => f.Reason);
        Assert.Equal(4, faults.Count);
        Assert.Contains("not a RIFF/WAVE", faults[corrupt]);
        Assert.Contains("empty file", faults[empty]);
        Assert.Contains("missing annotation", faults[unannotated.Path]);
        Assert.Contains("FileNotFoundException", faults[missing]);
        Assert.Equal(6, report.RecordingsOk);
        Assert.Equal(10, report.Recordings);

        int expected = good.Where(r => r != good[3]).Sum(r => FlowTestKit.ExpectedChunks(FlowTestKit.SampleCount(r)));
        Assert.True(expected > 10);
        Assert.Equal(expected, report.Chunks);
        Assert.Equal(expected, report.Samples); // no augmenters in these stages
        Assert.Equal(expected, batches.Sum(b => b.Size));
        Assert.Equal(batches.Count, report.Batches);
        int batchSize = training ? 4 : 5;
        Assert.All(batches.SkipLast(1), b => Assert.Equal(batchSize, b.Size));
        Assert.Equal(batches.SelectMany(b => b.ChunkNames).Count(), batches.SelectMany(b => b.ChunkNames).Distinct().Count());
        Assert.True(report.Finished);
        Assert.Contains("corrupt.wav", report.Describe());
    }

    /// <summary>The same faults through the real reader (audio branch): each bad file reported with the reader's reason.</summary>
    [Fact]
    public async Task With_the_real_wav_reader_bad_files_are_reported_and_good_ones_chunked_exactly()
    {
        string folder = FlowTestKit.TempFolder("realreader");
        var good = FlowTestKit.WriteCorpus(folder, 5);
        string corrupt = Path.Combine(folder, "corrupt.wav");
        File.WriteAllBytes(corrupt, [.. "RIFF"u8, 1, 2, 3, 4, .. "WAVEjunk"u8, .. new byte[64]]);
        string empty = Path.Combine(folder, "empty.wav");
        File.WriteAllBytes(empty, []);
        string missing = Path.Combine(folder, "missing.wav");
        var bad = new[] { corrupt, empty, missing }.Select(path => good[0] with { Path = path, Name = Path.GetFileNameWithoutExtension(path) });

        var stages = FlowTestKit.Stages(decode: r => AudioLoader.LoadMono(r.Path, FlowTestKit.Rate));
        await using var run = new DataFlow(stages, FlowTestKit.SmallParams()).Epoch([.. good, .. bad], 0, training: false);
        var batches = await FlowTestKit.Collect(run);
        var report = await run.Completion;

        Assert.Equal([corrupt, empty, missing], report.Faults.Select(f => f.File).Order());
        Assert.All(report.Faults, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason), f.File));
        int expected = good.Sum(r => FlowTestKit.ExpectedChunks(FlowTestKit.SampleCount(r)));
        Assert.Equal(expected, report.Chunks);
        Assert.Equal(expected, batches.Sum(b => b.Size));
    }

    [Fact]
    public async Task A_run_where_every_recording_fails_stops_with_an_error_naming_the_files()
    {
        string folder = FlowTestKit.TempFolder("allfail");
        var template = FlowTestKit.WriteCorpus(folder, 1)[0];
        string empty = Path.Combine(folder, "empty.wav");
        File.WriteAllBytes(empty, []);
        var recordings = new[] { template with { Path = empty }, template with { Path = Path.Combine(folder, "gone.wav") } };

        var flow = new DataFlow(FlowTestKit.Stages(), FlowTestKit.SmallParams());
        await using var run = flow.Epoch(recordings, 0, training: true);
        var error = await Assert.ThrowsAsync<FlowFailedException>(() => FlowTestKit.Collect(run));
        Assert.Contains("every one of the 2 recordings failed", error.Message);
        Assert.Contains("empty.wav: empty file", error.Message);
        Assert.Contains("gone.wav", error.Message);
        Assert.Equal(2, error.Report.RecordingsFailed);
        Assert.True(run.Settled, "a stage is still running after the run ended");
    }

    [Fact]
    public async Task A_bug_in_a_stage_fails_the_run_with_that_error_and_stops_every_block()
    {
        string folder = FlowTestKit.TempFolder("bug");
        var recordings = FlowTestKit.WriteCorpus(folder, 12);
        var stages = FlowTestKit.Stages() with
        {
            ChunkAndLabel = (r, s) => r.Name == "rec005" ? throw new InvalidOperationException("chunker bug on rec005") : FlowTestKit.Chunker(TaskRegistry.Pneumonia)(r, s),
        };
        var flow = new DataFlow(stages, FlowTestKit.SmallParams());
        await using var run = flow.Epoch(recordings, 0, training: false);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FlowTestKit.Collect(run));
        Assert.Equal("chunker bug on rec005", error.Message);
        Assert.True(run.Settled, "a stage is still running after the run ended");
    }

    [Fact]
    public void Invalid_parameters_are_refused_with_every_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new DataFlow(FlowTestKit.Stages(), new FlowParams(BatchSize: 0, ChunkCapacity: 0)));
        Assert.Contains("batch size must be ≥ 1 (got 0)", error.Message);
        Assert.Contains("chunk capacity must be ≥ 1 (got 0)", error.Message);
    }
}
