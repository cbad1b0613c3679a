using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Progress;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The one job start that train, evaluate, a cross-validation fold and a seed share: a locked folder (a new one
/// under a group, or a given one), a job log attached to log.txt (appending on a resume), the opening lines and the
/// parameters logged, params.json written, then the job itself. A new folder that cannot be written is removed again,
/// so a failed start leaves none.</summary>
public static class JobStart
{
    /// <summary>A new job folder under <paramref name="group"/>, locked while the job runs.</summary>
    public static async Task<JobOutcome> NewAsync(string group, JobParameters p, DataRoot root, JobHost host, IEnumerable<string> header,
        Func<JobContext, Task<JobOutcome>> job, CancellationToken ct)
    {
        var started = JobFolder.Start(group);
        return await started.Match(
            Succ: async s =>
            {
                using var held = s.Lock;
                var console = host.CreateConsole();
                using var log = host.Log(console);
                return await RunAsync(new JobContext(p, root, s.Folder, log, console, ct), header, job, newFolder: true);
            },
            Fail: e => Task.FromResult<JobOutcome>(new JobOutcome.BadInput("cannot start the job:", Seq1(e.Message))));
    }

    /// <summary>Opens the log of a job whose folder the caller has locked, saves the parameters and runs the job. A job
    /// stopped by the file system (a full disk, a folder turned read-only) ends with one line and a consistent folder
    /// (<see cref="StoppedByFileSystem"/>); <paramref name="newFolder"/>: the folder was made for this run alone.</summary>
    public static async Task<JobOutcome> RunAsync(JobContext c, IEnumerable<string> header, Func<JobContext, Task<JobOutcome>> job, bool newFolder = false)
    {
        try
        {
            c.Log.Attach(c.Folder.Log, append: c.Resuming);
            if (c is { ReportOnly: true, ResumeFromEpoch: { } finished })
                c.Log.Info($"rebuilding the report of the finished job from its checkpoints (last epoch {finished}); no epoch is trained");
            else if (c.ResumeFromEpoch is { } last)
                c.Log.Info($"resuming after epoch {last} (last checkpoint), up to epoch {c.Parameters.Train.Epochs}");
            c.Note.IfSome(c.Log.Info);
            c.Log.Info($"job folder {c.Folder.Directory}");
            foreach (var line in header) c.Log.Info(line);
            foreach (var line in ParamsJson.Lines(c.Parameters)) c.Log.Info(line);
            await File.WriteAllTextAsync(c.Folder.ParamsJson, ParamsJson.Render(c.Parameters, VersionInfo.Current), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!c.Resuming) c.Folder.Abandon();
            c.Log.Error($"cannot write the job folder {c.Folder.Directory}: {e.Message}");
            return new JobOutcome.Failed($"cannot write the job folder {c.Folder.Directory}:", Seq1(e.Message), Shown: true);
        }
        try
        {
            return await job(c);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StoppedByFileSystem(c, e, newFolder);
        }
    }

    /// <summary>The one rule for a job the file system stopped: a new folder with no checkpoint yet holds no result and
    /// is removed; otherwise the folder keeps its last checkpoint (each is written whole, by rename) and a resume
    /// continues from it, or (no epoch left) rebuilds the model, predictions and reports from it.</summary>
    static JobOutcome StoppedByFileSystem(JobContext c, Exception e, bool newFolder)
    {
        var why = e.Message.ReplaceLineEndings(" ").Trim();
        var last = DataflowLung.Model.Checkpoints.CheckpointStore.ReadInfo(Path.Combine(c.Folder.Directory, "checkpoints", "last"));
        string line;
        if (newFolder && !c.Resuming && last.IsFail)
        {
            c.Folder.Abandon();
            line = $"the job stopped on a file-system error ({why}); nothing was trained yet, so its folder {c.Folder.Directory} is removed";
        }
        else
        {
            var epoch = last.Match(i => $"the checkpoint of epoch {i.Epoch}", _ => "no checkpoint yet");
            line = $"the job stopped on a file-system error ({why}); its folder {c.Folder.Directory} keeps {epoch}: " +
                   $"free space and run `runner {c.Parameters.Task.Name} --resume {c.Folder.Directory}` to continue it or rebuild its report";
        }
        c.Log.Error(line);
        return new JobOutcome.Failed("the job stopped on a file-system error:", Seq1(line), Shown: true);
    }

    public static string StaleLockNote(string holder) => $"took over the job folder's lock from {holder}, which is no longer running";
}
