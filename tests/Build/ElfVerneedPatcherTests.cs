using System.Diagnostics;
using DataflowLung.Build;

namespace DataflowLung.Tests.Build;

public sealed class ElfVerneedPatcherTests
{
    static string ReadElfVersions(string path)
    {
        var psi = new ProcessStartInfo("readelf", ["-V", "-W", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    static bool HasTool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Builds a small C++ shared library that needs GLIBCXX versions, as libLibTorchSharp does.</summary>
    static string BuildSmallCxxLibrary(string dir)
    {
        string src = Path.Combine(dir, "small.cpp");
        File.WriteAllText(src, "#include <string>\n#include <sstream>\nextern \"C\" int small_len(const char* s) { std::ostringstream o; o << std::string(s); return (int)o.str().size(); }\n");
        string lib = Path.Combine(dir, "libsmall.so");
        var psi = new ProcessStartInfo("g++", ["-shared", "-fPIC", "-O1", "-o", lib, src]) { RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "g++ failed: " + err);
        return lib;
    }

    [SkippableFact]
    public void Marks_a_required_version_weak_exactly_once_and_leaves_other_entries_alone()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && HasTool("g++") && HasTool("readelf"), "needs Linux with g++ and readelf");
        string dir = Directory.CreateTempSubdirectory("elfpatch").FullName;
        try
        {
            string lib = BuildSmallCxxLibrary(dir);
            string before = ReadElfVersions(lib);
            Assert.Contains("Name: GLIBCXX_3.4", before);
            byte[] original = File.ReadAllBytes(lib);

            Assert.Equal(ElfPatchOutcome.Patched, ElfVerneedPatcher.PatchFile(lib, "GLIBCXX_3.4"));
            byte[] patched = File.ReadAllBytes(lib);
            Assert.Equal(original.Length, patched.Length);
            Assert.Equal(1, Enumerable.Range(0, original.Length).Count(i => original[i] != patched[i]));

            string after = ReadElfVersions(lib);
            var line = after.Split('\n').Single(l => l.Contains("Name: GLIBCXX_3.4 ") || l.TrimEnd().EndsWith("Name: GLIBCXX_3.4"));
            Assert.Contains("Flags: WEAK", line);

            // Idempotent: a second run changes nothing.
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVerneedPatcher.PatchFile(lib, "GLIBCXX_3.4"));
            Assert.Equal(patched, File.ReadAllBytes(lib));
            // A version nobody asks for is reported, not invented.
            Assert.Equal(ElfPatchOutcome.VersionNotRequired, ElfVerneedPatcher.PatchFile(lib, "GLIBCXX_9.9.99"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(new byte[0], "bad magic")]
    [InlineData(new byte[] { 1, 2, 3, 4 }, "bad magic")]
    public void Rejects_files_that_are_not_elf_with_a_message_naming_the_file(byte[] bytes, string why)
    {
        var image = bytes.Length == 0 ? new byte[64] : bytes.Concat(new byte[64]).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => ElfVerneedPatcher.MarkVersionWeak(image, "GLIBCXX_3.4.32", "some/lib.so"));
        Assert.Contains("some/lib.so", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Rejects_32_bit_and_big_endian_images()
    {
        var image = new byte[128];
        image[0] = 0x7f; image[1] = (byte)'E'; image[2] = (byte)'L'; image[3] = (byte)'F';
        image[4] = 1; image[5] = 1;
        Assert.Contains("64-bit", Assert.Throws<InvalidDataException>(() => ElfVerneedPatcher.MarkVersionWeak(image, "X")).Message);
        image[4] = 2; image[5] = 2;
        Assert.Contains("little-endian", Assert.Throws<InvalidDataException>(() => ElfVerneedPatcher.MarkVersionWeak(image, "X")).Message);
    }

    [SkippableFact]
    public void The_TorchSharp_library_in_the_build_output_has_its_GLIBCXX_3_4_32_requirement_weak()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && HasTool("readelf"), "the patch applies to Linux builds only");
        var copies = Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var line = ReadElfVersions(copy).Split('\n').Single(l => l.Contains("Name: GLIBCXX_3.4.32"));
            Assert.Contains("Flags: WEAK", line);
            // Running the build step again would change nothing.
            var image = File.ReadAllBytes(copy);
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVerneedPatcher.MarkVersionWeak(image, "GLIBCXX_3.4.32", copy));
        }
    }
}
