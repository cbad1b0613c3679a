using System.Diagnostics;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Holds a job folder for one process while it runs the job, so two runs on one folder (two <c>--resume</c>
/// at once) cannot interleave metrics.csv and log.txt. The lock is <see cref="LockFile"/> held open without sharing:
/// the operating system releases it when the process ends, however it ends, so a lock left by a dead process is
/// recognised (the open succeeds) and taken over. Beside it <see cref="OwnerFile"/> names the holder (pid, start time)
/// for the refusal message and for the note about a stale lock taken over.</summary>
public sealed class JobLock : IDisposable
{
    public const string LockFile = "job.lock";
    public const string OwnerFile = "job.lock.owner";

    private readonly FileStream handle;
    private readonly string directory;

    private JobLock(FileStream handle, string directory, Option<string> tookOverFrom)
    {
        this.handle = handle;
        this.directory = directory;
        TookOverFrom = tookOverFrom;
    }

    /// <summary>The holder a previous run left behind when it died (a stale lock taken over), for the log.</summary>
    public Option<string> TookOverFrom { get; }

    /// <summary>Fails, naming the holder, when another run holds the folder.</summary>
    public static Fin<JobLock> Acquire(string jobDirectory)
    {
        var lockPath = Path.Combine(jobDirectory, LockFile);
        var ownerPath = Path.Combine(jobDirectory, OwnerFile);
        FileStream handle;
        try
        {
            handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            return Error.New($"job folder {jobDirectory} is in use by {Holder(ownerPath).IfNone("another process")}; " +
                             "wait until it ends (or stop it) before running this job again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"cannot lock job folder {jobDirectory}: {e.Message}");
        }
        var previous = Holder(ownerPath); // present only if its run ended without releasing: that process is gone
        try
        {
            var me = Process.GetCurrentProcess();
            File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture,
                $"process {me.Id} on {Environment.MachineName}, started {me.StartTime.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            handle.Dispose();
            return Error.New($"cannot lock job folder {jobDirectory}: {e.Message}");
        }
        return new JobLock(handle, jobDirectory, previous);
    }

    private static Option<string> Holder(string ownerPath)
    {
        try { return File.Exists(ownerPath) ? Optional(File.ReadAllText(ownerPath).Trim()).Filter(s => s.Length > 0) : None; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return None; }
    }

    /// <summary>Removes the owner note, then releases the lock (in that order, so a note never outlives its lock).</summary>
    public void Dispose()
    {
        try { File.Delete(Path.Combine(directory, OwnerFile)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the next run reads it as stale */ }
        handle.Dispose();
    }
}
