// Marks one required symbol version of an ELF shared object as weak (VER_FLG_WEAK).
//
// Why: TorchSharp 0.107's libLibTorchSharp.so lists GLIBCXX_3.4.32 in .gnu.version_r, but no
// relocation binds a symbol of that version (the one reference is an R_X86_64_NONE marker).
// Debian 12 / Ubuntu 22.04 ship libstdc++ up to GLIBCXX_3.4.30, so the loader refuses the library.
// A weak version requirement only produces a warning when missing, so setting the flag makes the
// library load and run. The build applies this to the copy in the output folder, never the NuGet cache.
//
// Written against netstandard2.0, which RoslynCodeTaskFactory compiles with.
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory (the task at the bottom) and by the
// test project (ELF_PATCHER_TESTS defined), which exercises the pure patching logic directly.
using System;
using System.IO;
using System.Text;

namespace DataflowLung.Build
{
    public enum ElfPatchOutcome { Patched, AlreadyWeak, VersionNotRequired }

    public static class ElfVerneedPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const int ElfHeaderSize = 64;
        const int SectionHeaderSize = 64;
        const int VerneedSize = 16;
        const int VernauxSize = 16;

        /// <summary>Patches the image in place; throws InvalidDataException naming the problem when the
        /// bytes are not a well-formed 64-bit little-endian ELF with a version-needs section.</summary>
        public static ElfPatchOutcome MarkVersionWeak(byte[] image, string version, string nameForErrors = "ELF image")
        {
            string Fail(string why) => throw new InvalidDataException($"{nameForErrors}: {why}");

            if (image.Length < ElfHeaderSize || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                Fail("not an ELF file (bad magic)");
            if (image[4] != 2) Fail($"not a 64-bit ELF (EI_CLASS={image[4]})");
            if (image[5] != 1) Fail($"not little-endian (EI_DATA={image[5]})");

            ulong shoff = U64(image, 0x28);
            ushort shentsize = U16(image, 0x3A);
            ushort shnum = U16(image, 0x3C);
            if (shoff == 0 || shnum == 0) Fail("no section headers");
            if (shentsize != SectionHeaderSize) Fail($"unexpected section header size {shentsize}");
            if (shoff + (ulong)shnum * SectionHeaderSize > (ulong)image.Length) Fail("section header table runs past the end of the file");

            int verneedIndex = -1;
            for (int i = 0; i < shnum; i++)
            {
                if (U32(image, (int)shoff + i * SectionHeaderSize + 4) == ShtGnuVerneed) { verneedIndex = i; break; }
            }
            if (verneedIndex < 0) Fail("no SHT_GNU_verneed (.gnu.version_r) section");

            int sh = (int)shoff + verneedIndex * SectionHeaderSize;
            ulong secOffset = U64(image, sh + 24);
            ulong secSize = U64(image, sh + 32);
            uint strIndex = U32(image, sh + 40);
            uint entryCount = U32(image, sh + 44);
            if (secOffset + secSize > (ulong)image.Length) Fail(".gnu.version_r runs past the end of the file");
            if (strIndex >= shnum) Fail($".gnu.version_r links to missing string table {strIndex}");

            int strSh = (int)shoff + (int)strIndex * SectionHeaderSize;
            ulong strOffset = U64(image, strSh + 24);
            ulong strSize = U64(image, strSh + 32);
            if (strOffset + strSize > (ulong)image.Length) Fail("linked string table runs past the end of the file");

            string NameAt(uint offset)
            {
                if (offset >= strSize) Fail($"string offset {offset} outside the string table");
                int start = (int)(strOffset + offset);
                int end = start;
                int limit = (int)(strOffset + strSize);
                while (end < limit && image[end] != 0) end++;
                return Encoding.ASCII.GetString(image, start, end - start);
            }

            ulong need = secOffset;
            for (uint n = 0; n < entryCount; n++)
            {
                if (need + VerneedSize > secOffset + secSize) Fail("verneed entry outside its section");
                ushort auxCount = U16(image, (int)need + 2);
                uint auxOffset = U32(image, (int)need + 8);
                uint nextOffset = U32(image, (int)need + 12);
                ulong aux = need + auxOffset;
                for (int a = 0; a < auxCount; a++)
                {
                    if (aux + VernauxSize > secOffset + secSize) Fail("vernaux entry outside its section");
                    int flagsAt = (int)aux + 4;
                    uint nameOffset = U32(image, (int)aux + 8);
                    if (NameAt(nameOffset) == version)
                    {
                        ushort flags = U16(image, flagsAt);
                        if ((flags & VerFlagWeak) != 0) return ElfPatchOutcome.AlreadyWeak;
                        ushort weak = (ushort)(flags | VerFlagWeak);
                        image[flagsAt] = (byte)weak;
                        image[flagsAt + 1] = (byte)(weak >> 8);
                        return ElfPatchOutcome.Patched;
                    }
                    uint auxNext = U32(image, (int)aux + 12);
                    if (auxNext == 0) break;
                    aux += auxNext;
                }
                if (nextOffset == 0) break;
                need += nextOffset;
            }
            return ElfPatchOutcome.VersionNotRequired;
        }

        /// <summary>Patches a file on disk; writes only when something changed (idempotent).</summary>
        public static ElfPatchOutcome PatchFile(string path, string version)
        {
            byte[] image = File.ReadAllBytes(path);
            ElfPatchOutcome outcome = MarkVersionWeak(image, version, path);
            if (outcome == ElfPatchOutcome.Patched)
            {
                string temp = path + ".patching";
                File.WriteAllBytes(temp, image);
                File.Copy(temp, path, true); // netstandard2.0 (the task factory's target) has no Move-overwrite
                File.Delete(temp);
            }
            return outcome;
        }

        static ushort U16(byte[] b, int at) => BitConverter.ToUInt16(b, at);
        static uint U32(byte[] b, int at) => BitConverter.ToUInt32(b, at);
        static ulong U64(byte[] b, int at) => BitConverter.ToUInt64(b, at);
    }

#if !ELF_PATCHER_TESTS
    public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
        [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                string path = item.GetMetadata("FullPath");
                try
                {
                    var outcome = ElfVerneedPatcher.PatchFile(path, Version);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"DataflowLung: {path}: {Version} {outcome}");
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogError($"DataflowLung: cannot mark {Version} weak in {path}: {e.Message}. " +
                                 "TorchSharp's native library would not load on this libstdc++; see build/ElfVerneedPatcher.cs.");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
