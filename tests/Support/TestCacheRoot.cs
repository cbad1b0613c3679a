using System.Runtime.CompilerServices;

namespace DataflowLung.Tests.Support;

/// <summary>Jobs run by the tests use a persistent cache of their own (deleted at exit), never the user's: a test
/// must not read what another run or another checkout cached.</summary>
static class TestCacheRoot
{
    [ModuleInitializer]
    internal static void Isolate()
    {
        string root = Path.Combine(Path.GetTempPath(), "dataflowlung-test-cache", Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("DATAFLOWLUNG_CACHE", root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless */ }
        };
    }
}
