using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Seeds;
using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>A training command (<c>runner pneumonia</c>, <c>cw</c>, <c>cycles</c>): one job in a new job folder; or
/// (<see cref="Request.Resume"/>) an existing job or cross-validation folder continued from its last checkpoints; or a
/// cross-validation (<c>kfold</c> ≥ 2, all folds or one into <see cref="Request.CrossValidationFolder"/>); or
/// (<see cref="Request.Seeds"/>) N jobs that differ only in their seed, summarised together (<see cref="SeedsRun"/>).</summary>
public static class Training
{
    public sealed record Request(LearningTask Task, JobRequest Job, Option<string> Resume, Option<string> CrossValidationFolder, Option<int> Seeds);

    public static Task<JobOutcome> RunAsync(Request request, JobHost host, CancellationToken ct)
    {
        if (request.Resume.Case is string dir)
        {
            if (request.Seeds.IsSome)
                return Refuse("--seeds cannot be combined with --resume: resume each seed's job folder (seed_<s>/) on its own");
            return File.Exists(Path.Combine(dir, FoldsRecord.FileName))
                ? CrossValidationStart.ResumeAsync(dir, request.Job, request.Task, host, ct)
                : ResumeAsync(dir, request, host, ct);
        }
        return JobSetup.Prepare(request.Job, request.Task, host.Environment).Match(
            Succ: prepared =>
            {
                var (p, root) = (prepared.Parameters, prepared.Root);
                if (p.Split.CrossValidation)
                    return request.Seeds.IsNone
                        ? CrossValidationStart.RunAsync(p, root, request.CrossValidationFolder, host, ct)
                        : Refuse("--seeds cannot be combined with --cv: repeat the cross-validation with --repeats");
                if (request.CrossValidationFolder.IsSome) return Refuse("--cv-dir needs --cv K (kfold ≥ 2)");
                return request.Seeds.Case is int seeds
                    ? SeedsRun.RunAsync(p, root, seeds, host, ct)
                    : NewJobAsync(JobFolder.GroupDirectory(p, request.Task.Name), p, root, host, ct);
            },
            Fail: e => Task.FromResult(JobError.Outcome(e, "cannot start the job:")));
    }

    /// <summary>A new training job folder under <paramref name="group"/> (also the demo's).</summary>
    public static Task<JobOutcome> NewJobAsync(string group, JobParameters p, DataRoot root, JobHost host, CancellationToken ct) =>
        JobStart.NewAsync(group, p, root, host, Header, TrainingRun.RunAsync, ct);

    /// <summary>A training job in a folder the caller has locked (a seed, a cross-validation fold, a resume).</summary>
    public static Task<JobOutcome> InFolderAsync(JobContext c) => JobStart.RunAsync(c, Header, TrainingRun.RunAsync);

    private static readonly string[] Header = ["parameters:"];

    private static Task<JobOutcome> ResumeAsync(string dir, Request request, JobHost host, CancellationToken ct) =>
        InCheckedFolderAsync(dir, ResumeSetup.Headline(dir, reportOnly: false), () => ResumeSetup.Prepare(dir, request.Job, request.Task), host, ct);

    /// <summary>A job folder continued (a resume) or reported on again (<see cref="ReportRebuild"/>): locked, checked by
    /// <paramref name="prepare"/>, then run in place from its last checkpoint.</summary>
    internal static async Task<JobOutcome> InCheckedFolderAsync(string dir, string headline, Func<Fin<ResumeSetup.Resumed>> prepare,
        JobHost host, CancellationToken ct)
    {
        // The lock before anything is read: a running job rewrites its state files, so only the folder's one holder
        // may check them (a second resume is refused as "in use", not for a file caught mid-write). Only a job folder
        // (one with params.json) is locked: nothing is written into a folder given by mistake.
        JobLock? held = null;
        if (!string.IsNullOrWhiteSpace(dir) && File.Exists(Path.Combine(dir, "params.json")))
        {
            var locked = JobLock.Acquire(Path.GetFullPath(dir));
            if (locked.Case is not JobLock l) return new JobOutcome.BadInput(headline, Seq1(locked.Match(_ => "", e => e.Message)));
            held = l;
        }
        using var jobLock = held;
        var prepared = prepare();
        if (prepared.Case is not ResumeSetup.Resumed resumed) return JobError.Outcome(prepared.Match(_ => null!, e => e), headline);
        if (jobLock is null) return new JobOutcome.MissingData(headline, Seq1("the job folder is gone"));
        var console = host.CreateConsole();
        using var log = host.Log(console);
        return await InFolderAsync(new JobContext(resumed.Parameters, resumed.Root, resumed.Folder, log, console, ct, resumed.LastEpoch,
            Note: jobLock.TookOverFrom.Map(JobStart.StaleLockNote), ReportOnly: resumed.ReportOnly));
    }

    private static Task<JobOutcome> Refuse(string problem) =>
        Task.FromResult<JobOutcome>(new JobOutcome.BadInput("invalid options:", Seq1(problem)));
}
