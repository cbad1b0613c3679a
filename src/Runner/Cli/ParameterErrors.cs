using LanguageExt;

namespace DataflowLung.Runner.Cli;

/// <summary>Prints problems as one error, so the user sees everything to fix at once: a single problem on one
/// line (<c>error: headline problem</c>), several as a list under the headline.</summary>
public static class ParameterErrors
{
    public static int Report(TextWriter error, string headline, Seq<string> problems, int exitCode)
    {
        if (problems.IsEmpty)
        {
            error.WriteLine($"error: {headline}");
            return exitCode;
        }
        if (problems.Count == 1 && !problems[0].Contains('\n'))
        {
            error.WriteLine($"error: {headline} {problems[0]}");
            return exitCode;
        }
        error.WriteLine($"error: {headline}");
        foreach (var p in problems) error.WriteLine($"  - {p}");
        return exitCode;
    }
}
