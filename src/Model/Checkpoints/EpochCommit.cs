using DataflowLung.Pipeline.IO;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Checkpoints;

/// <summary>The end of an epoch written as one unit (issue 23): every file of the epoch is first written in full beside
/// its target (a file under a temporary name, a checkpoint folder as <c>NAME.new</c>), which is where a full disk or any
/// other write failure happens; only then are they renamed into place, in the order they were staged. A failure while
/// staging removes what was staged and leaves the previous epoch's state untouched. A folder replaces its predecessor in
/// two renames (<c>NAME</c> → <c>NAME.old</c>, <c>NAME.new</c> → <c>NAME</c>); a process killed between them leaves
/// <c>NAME.old</c> alone, which <see cref="Recover"/> puts back. The trainer stages the job's metrics.csv row first, the
/// best checkpoint next and the last checkpoint last, so the last checkpoint's rename is the epoch's commit point:
/// whatever a reader finds, the last checkpoint names an epoch whose metrics row and best checkpoint are on disk (a row
/// beyond it is dropped by a resume, as a row of a run stopped before its checkpoint always was).</summary>
public sealed class EpochCommit : IDisposable
{
    public const string NewSuffix = ".new";
    public const string OldSuffix = ".old";

    private sealed record Staged(string Path, string Target, bool IsFolder);

    private readonly List<Staged> staged = [];
    private bool committed;

    /// <summary>Writes <paramref name="target"/>'s next content through <paramref name="write"/> (given a temporary path
    /// in the target's folder); it replaces the target at <see cref="Commit"/>.</summary>
    public void StageFile(string target, Action<string> write)
    {
        var full = System.IO.Path.GetFullPath(target);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = AtomicFile.TemporaryPath(folder);
        staged.Add(new Staged(temp, full, false));
        write(temp);
    }

    /// <summary>Fills <paramref name="target"/>'s next version (a folder) through <paramref name="fill"/>, given
    /// <c>target.new</c>; it replaces the target folder at <see cref="Commit"/>.</summary>
    public void StageFolder(string target, Action<string> fill)
    {
        var full = System.IO.Path.GetFullPath(target);
        var next = full + NewSuffix;
        if (Directory.Exists(next)) Directory.Delete(next, recursive: true);
        Directory.CreateDirectory(next);
        staged.Add(new Staged(next, full, true));
        fill(next);
    }

    /// <summary>Renames everything staged into place, in the order staged.</summary>
    public void Commit()
    {
        foreach (var s in staged)
        {
            if (!s.IsFolder)
            {
                File.Move(s.Path, s.Target, overwrite: true);
                continue;
            }
            var old = s.Target + OldSuffix;
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            if (Directory.Exists(s.Target)) Directory.Move(s.Target, old);
            Directory.Move(s.Path, s.Target);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        committed = true;
    }

    /// <summary>Removes what was staged and not committed (a failed epoch end).</summary>
    public void Dispose()
    {
        if (committed) return;
        foreach (var s in staged)
        {
            try
            {
                if (s.IsFolder && Directory.Exists(s.Path)) Directory.Delete(s.Path, recursive: true);
                else if (!s.IsFolder) File.Delete(s.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* Recover and AtomicFile.CleanLeftovers remove it later */ }
        }
    }

    /// <summary>Puts the checkpoint folders under <paramref name="checkpointsDirectory"/> back in a consistent state after
    /// a run stopped in the middle of an epoch's commit: an uncommitted <c>NAME.new</c> is removed; a <c>NAME.old</c>
    /// without its <c>NAME</c> (killed between the two renames) is restored, so the previous epoch's checkpoint is back;
    /// a <c>NAME.old</c> beside its <c>NAME</c> (killed before the clean-up) is removed.</summary>
    public static Fin<Unit> Recover(string checkpointsDirectory)
    {
        if (!Directory.Exists(checkpointsDirectory)) return FinSucc(unit);
        try
        {
            foreach (var name in new[] { "best", "last" })
            {
                var target = System.IO.Path.Combine(checkpointsDirectory, name);
                var (next, old) = (target + NewSuffix, target + OldSuffix);
                if (Directory.Exists(next)) Directory.Delete(next, recursive: true);
                if (!Directory.Exists(old)) continue;
                if (Directory.Exists(target)) Directory.Delete(old, recursive: true);
                else Directory.Move(old, target);
            }
            return FinSucc(unit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<Unit>(Error.New($"{checkpointsDirectory}: an interrupted epoch's checkpoints cannot be put back ({e.Message})"));
        }
    }
}
