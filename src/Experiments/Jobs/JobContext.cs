using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Progress;
using LanguageExt;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Everything one job run works with, in one record: its resolved parameters, data root, locked folder, log and
/// console, how it stops, and what it continues or shares. <see cref="ResumeFromEpoch"/>: the last checkpoint's epoch
/// when resuming. <see cref="Split"/>: makes the split (a cross-validation fold; null = the parameters' patient split, or on
/// a resume the split the folder recorded). <see cref="Caches"/>: probes, hashes and decoded signals shared with other jobs
/// of this process (null = the job's own). <see cref="Note"/>: a line the log opens with (a lock taken over).
/// <see cref="ReportOnly"/>: a finished job whose report is rebuilt from its checkpoints (<c>runner report</c>): no epoch is trained.</summary>
public sealed record JobContext(
    JobParameters Parameters,
    DataRoot Root,
    JobFolder Folder,
    JobLog Log,
    IJobConsole Console,
    CancellationToken Cancellation,
    int? ResumeFromEpoch = null,
    JobData.Splitter? Split = null,
    JobCaches? Caches = null,
    Option<string> Note = default,
    bool ReportOnly = false)
{
    public bool Resuming => ResumeFromEpoch is not null;
}
