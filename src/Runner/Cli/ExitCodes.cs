namespace DataflowLung.Runner.Cli;

/// <summary>Process exit codes: 0 success; 1 bad command line or parameters (System.CommandLine's own
/// parse errors use 1 too); 2 missing or unreadable input data; 3 the job failed while running;
/// 4 training diverged (a non-finite loss or gradient stopped it; the report and the last good checkpoint are
/// written); 130 cancelled (Ctrl+C), as shells report SIGINT; 143 stopped by SIGTERM (as shells report it), after
/// the same clean stop as Ctrl+C.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int BadArguments = 1;
    public const int MissingData = 2;
    public const int Failed = 3;
    public const int Diverged = 4;
    public const int Cancelled = 130;
    public const int Terminated = 143;
}
