using System.Diagnostics;

namespace DataflowLung.Tests.Runner;

/// <summary>A small tmpfs mounted for one test (a full or read-only file system made on purpose); unmounted on dispose.
/// Mounting needs root and CAP_SYS_ADMIN: without them <see cref="TryMount"/> says why, for the test's skip reason.</summary>
public sealed class TmpfsMount : IDisposable
{
    public string Path { get; }

    TmpfsMount(string path) => Path = path;

    public static TmpfsMount? TryMount(string path, string options, out string why)
    {
        why = "";
        if (!OperatingSystem.IsLinux()) { why = "tmpfs mounts are Linux"; return null; }
        if (Environment.UserName != "root") { why = "mounting a tmpfs needs root"; return null; }
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        if (code == 0) return new TmpfsMount(path);
        why = $"mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?): {output.Trim()}";
        return null;
    }

    /// <summary>New options (a larger size) on the mounted file system.</summary>
    public void Remount(string options)
    {
        var (code, output) = Run("mount", "-o", "remount," + options, Path);
        Assert.True(code == 0, $"remount {Path} ({options}): {output}");
    }

    /// <summary>Fills the file system to the last byte (a file written until the write fails).</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var block = new byte[64 << 10];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            for (; ; ) stream.Write(block);
        }
        catch (IOException)
        {
            // Then byte by byte, for the last partial block.
            try { for (; ; ) stream.Write(block, 0, 1); }
            catch (IOException) { }
        }
        return filler;
    }

    public void Dispose()
    {
        if (Run("umount", Path).Code != 0) Run("umount", "-l", Path);
    }

    static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
