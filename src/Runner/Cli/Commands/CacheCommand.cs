using System.CommandLine;
using System.Globalization;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Data;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner cache info|clear [--cache-root DIR]</c>: what the persistent cache of decoded signals and features
/// holds (per section: kind, identity, entries, size, last use), or empty it. The root defaults to the jobs' default
/// (<see cref="CacheLocation"/>).</summary>
public static class CacheCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("cache", "Show or empty the persistent cache of decoded signals and features that jobs share");
        command.Subcommands.Add(Sub("info", "Show the cache's root, bound, and per section its identity, entries and size", ctx, Info));
        command.Subcommands.Add(Sub("clear", "Delete every cached signal and feature (only the cache's own folders under the root)", ctx, Clear));
        return command;
    }

    static Command Sub(string name, string description, CliContext ctx, Func<CacheStore, CliContext, int> action)
    {
        var root = new Option<string?>("--cache-root") { Description = $"Cache folder (default: ${CacheLocation.EnvironmentVariable}, else the user cache folder)" };
        var command = new Command(name, description) { root };
        command.SetAction((ParseResult r, CancellationToken _) =>
        {
            string folder = r.GetValue(root) ?? CacheLocation.Default(ctx.Environment);
            if (File.Exists(folder))
            {
                ctx.Error.WriteLine($"error: cache {folder} is a file, not a cache folder: nothing read or removed");
                return Task.FromResult(ExitCodes.BadArguments);
            }
            if (!Directory.Exists(folder))
            {
                ctx.Out.WriteLine($"cache {folder}: empty (the folder does not exist)");
                return Task.FromResult(ExitCodes.Success);
            }
            try
            {
                return Task.FromResult(action(new CacheStore(folder, new FlowParams().CacheMaxBytes), ctx));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ctx.Error.WriteLine($"cache {folder}: {e.Message}");
                return Task.FromResult(ExitCodes.MissingData);
            }
        });
        return command;
    }

    static int Info(CacheStore store, CliContext ctx)
    {
        var info = store.Info();
        ctx.Out.WriteLine($"cache {info.Root}: {info.Entries} entries, {Mb(info.Bytes)} (default bound {Mb(info.MaxBytes)}; a job's cache_max_bytes sets its own)");
        foreach (var s in info.Sections)
        {
            string used = s.LastUsedUtc is { } t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never";
            ctx.Out.WriteLine($"  {s.Name}: {s.Entries} entries, {Mb(s.Bytes)}, last used {used}");
            ctx.Out.WriteLine($"    {s.Identity}");
        }
        return ExitCodes.Success;
    }

    static int Clear(CacheStore store, CliContext ctx)
    {
        long freed = store.Clear();
        ctx.Out.WriteLine($"cache {store.Root}: cleared, {Mb(freed)} freed");
        return ExitCodes.Success;
    }

    static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");
}
