namespace DataflowLung.Tests.Runner;

/// <summary>A fresh folder under the system temp directory, removed when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dataflowlung-runner-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a file still open on a slow runner; the temp folder is cleaned by the OS */ }
    }
}
