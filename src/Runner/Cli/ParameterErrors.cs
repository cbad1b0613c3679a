using LanguageExt;

namespace DataflowLung.Runner.Cli;

/// <summary>Prints a list of problems as one error, so the user sees everything to fix at once.</summary>
public static class ParameterErrors
{
    public static int Report(TextWriter error, string headline, Seq<string> problems, int exitCode)
    {
        error.WriteLine($"error: {headline}");
        foreach (var p in problems) error.WriteLine($"  - {p}");
        return exitCode;
    }
}
