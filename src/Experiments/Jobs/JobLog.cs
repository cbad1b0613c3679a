using System.Globalization;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Every line a run prints, timestamped, in <c>log.txt</c>; each line also goes to the console
/// sink (plain or live display). Lines written before the job folder exists are kept and flushed into the
/// file when it is attached, so the log starts with the parameter printout.</summary>
public sealed class JobLog : IDisposable
{
    private readonly Action<string> console;
    private readonly Action<string>? error;
    private readonly Func<DateTimeOffset> clock;
    private readonly List<string> pending = [];
    private readonly object gate = new();
    private StreamWriter? file;

    public JobLog(Action<string> console, Func<DateTimeOffset>? clock = null, Action<string>? error = null)
    {
        this.console = console;
        this.error = error;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>Starts writing to <paramref name="path"/>: a new file, or (a resumed job) the end of the existing one.</summary>
    public void Attach(string path, bool append = false)
    {
        lock (gate)
        {
            file = new StreamWriter(new FileStream(path, append ? FileMode.Append : FileMode.CreateNew, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
            foreach (var line in pending) file.WriteLine(line);
            pending.Clear();
        }
    }

    public void Info(string message)
    {
        var stamped = Stamp(clock(), message);
        lock (gate)
        {
            if (file is null) pending.Add(stamped);
            else file.WriteLine(stamped);
        }
        console(message);
    }

    /// <summary>A line for log.txt only (the console already said enough of its kind).</summary>
    public void Quiet(string message)
    {
        var stamped = Stamp(clock(), message);
        lock (gate)
        {
            if (file is null) pending.Add(stamped);
            else file.WriteLine(stamped);
        }
    }

    /// <summary>A warning the user must not miss: logged like any line, and also written to the error stream.</summary>
    public void Alert(string message)
    {
        Info("WARNING: " + message);
        error?.Invoke("WARNING: " + message);
    }

    /// <summary>An error: logged like any line, and also written to the error stream when there is one.</summary>
    public void Error(string message)
    {
        try { Info("error: " + message); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console("error: " + message); // log.txt cannot take it (a full disk): the console still does
        }
        error?.Invoke("error: " + message);
    }

    public static string Stamp(DateTimeOffset at, string message) =>
        $"{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {message}";

    public void Dispose()
    {
        lock (gate)
        {
            // A line that could not be flushed (a full disk) was already reported by the write that failed.
            try { file?.Dispose(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            file = null;
        }
    }
}
