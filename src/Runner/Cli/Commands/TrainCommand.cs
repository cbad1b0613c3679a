using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner &lt;task&gt;</c> (<c>pneumonia</c>, <c>cw</c>, <c>cycles</c>: one per <see cref="TaskRegistry"/> task): one training job in a new job folder, or
/// (with <c>--resume JOB_DIR</c>) an existing job continued from its last checkpoint in its own folder, or (with
/// <c>--seeds N</c>) N jobs that differ only in their seed, summarised together (<see cref="Experiments.Seeds.SeedsRun"/>).</summary>
public static class TrainCommand
{
    public static Command Create(LearningTask task, CliContext ctx)
    {
        var command = new Command(task.Name, task.Description);
        var options = new JobOptions();
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue the job in this job folder from its last checkpoint, with its params.json " +
                          "(the command line may change only epochs, device and features_backend)",
        };
        var cvDir = new Option<string?>("--cv-dir")
        {
            Description = "The cross-validation folder the folds share when they run as separate jobs (--fold or a scheduler's array index); created if absent",
        };
        foreach (var o in options.TrainingOptions()) command.Options.Add(o);
        command.Options.Add(resume);
        command.Options.Add(cvDir);
        command.SetAction(async (ParseResult r, CancellationToken ct) => OutcomeExit.Of(
            await Training.RunAsync(new Training.Request(task, options.Request(r), Optional(r.GetValue(resume)), Optional(r.GetValue(cvDir)),
                Optional(options.SeedCountOf(r))), ctx.Host, ct),
            ctx.Error));
        return command;
    }
}
