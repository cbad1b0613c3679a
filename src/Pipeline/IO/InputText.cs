using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.IO;

/// <summary>Reads a small text input (annotation, diagnosis, manifest): a regular file (a FIFO would block, a device
/// never end) under <see cref="MaxBytes"/>, whose failure to read is a reason for skipping it, never an exception.</summary>
public static class InputText
{
    public const long MaxBytes = 64L << 20;

    public static Fin<string[]> ReadLines(string path) =>
        Datasets.WavFolder.Inspect(path).Match(Succ: FinSucc, Fail: e => FinFail<Datasets.WavFolder.Entry>(Error.New($"{path}: {e.Message}"))).Bind(entry =>
        {
            if (entry.IsDirectory) return FinFail<string[]>(Error.New($"{path}: a folder, not a text file"));
            try
            {
                var length = new FileInfo(path).Length;
                if (length > MaxBytes) return FinFail<string[]>(Error.New($"{path}: {length} bytes, more than a text input's limit of {MaxBytes}"));
                return FinSucc(File.ReadAllLines(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return FinFail<string[]>(Error.New($"{path}: cannot be read ({e.Message})"));
            }
        });
}
