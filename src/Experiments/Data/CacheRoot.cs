using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>Checks the persistent cache's folder (<c>cache_root</c>, <c>DATAFLOWLUNG_CACHE</c>) before a job folder is made:
/// a file in its place, or a folder that cannot be written, would otherwise fail the job after its folder, lock and split
/// were written. The same rules as <see cref="OutputRoot"/>; no cache (null) needs no check.</summary>
public static class CacheRoot
{
    public static Seq<string> Check(string? cacheRoot) =>
        cacheRoot is null
            ? Empty
            : OutputRoot.Check(cacheRoot, "cache_root", holds: "cache entries go")
                .Map(problem => $"{problem} (give another folder with --set cache_root=DIR or {CacheLocation.EnvironmentVariable}, or run with --no-cache)");
}
