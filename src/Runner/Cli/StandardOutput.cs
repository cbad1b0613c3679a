using System.Text;

namespace DataflowLung.Runner.Cli;

/// <summary>The process's standard output, named in its failures: a closed stdout (<c>&gt;&amp;-</c>) reports only
/// "Access to the path is denied", a full one (<c>&gt; /dev/full</c>) "No space left on device", neither saying which
/// path. The CLI's handler turns the renamed failure into its one line and "job failed".</summary>
public sealed class StandardOutput(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Guard(() => inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));
    public override void Write(string? value) => Guard(() => inner.Write(value));
    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));
    public override void Flush() => Guard(inner.Flush);

    static void Guard(Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write to standard output (closed, or a full file or device): {e.Message}", e);
        }
    }
}
