using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Runner.Cli;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

public sealed class CacheCommandTests
{
    [Fact]
    public async Task Cache_info_lists_the_sections_and_clear_empties_them()
    {
        using var tmp = new TempFolder();
        var store = new CacheStore(tmp.Path, 1L << 30);
        store.Section("signals", "wav-reader/1|rate=8000").Write("a", new CachedArray(new float[1000], 8000));
        store.Section("features", "chunks=10s").Write("b", new CachedArray(new float[500], 128));

        var (code, stdout, stderr) = await CliArgumentTests.Run(null, "cache", "info", "--cache-root", tmp.Path);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("2 entries", stdout);
        Assert.Contains("wav-reader/1|rate=8000", stdout);

        (code, stdout, stderr) = await CliArgumentTests.Run(null, "cache", "clear", "--cache-root", tmp.Path);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("cleared", stdout);
        Assert.Equal(0, store.Info().Entries);

        // The default root follows DATAFLOWLUNG_CACHE, as the jobs' default does.
        (code, stdout, _) = await CliArgumentTests.Run(new Dictionary<string, string> { [CacheLocation.EnvironmentVariable] = tmp.Path }, "cache", "info");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"cache {tmp.Path}: 0 entries", stdout);
    }

    [Fact]
    public void Jobs_cache_under_the_default_root_unless_told_otherwise_and_no_cache_turns_it_off()
    {
        ParameterSources Sources(params (string, string)[] overrides) => new(TaskRegistry.Pneumonia, None, toSeq(overrides), "data", "runs");
        JobParameters Resolve(ParameterSources s) => ParameterResolver.Resolve(s).Match(p => p, e => throw new InvalidOperationException(string.Join("; ", ParameterResolver.Problems(e))));

        Assert.Equal(CacheLocation.Default(Environment.GetEnvironmentVariable), Resolve(Sources()).Flow.CacheRoot);
        Assert.Equal("/somewhere/else", Resolve(Sources(("cache_root", "/somewhere/else"))).Flow.CacheRoot);
        Assert.Null(Resolve(Sources(("cache_root", "null"))).Flow.CacheRoot); // what --no-cache sets
        Assert.Equal(1L << 20, Resolve(Sources(("cache_max_bytes", "1048576"))).Flow.CacheMaxBytes);
    }
}
