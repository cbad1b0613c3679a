using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner pneumonia</c>, <c>runner cw</c> and <c>runner cycles</c>: one training job in a new job folder, or
/// (with <c>--resume JOB_DIR</c>) an existing job continued from its last checkpoint in its own folder, or (with
/// <c>--seeds N</c>) N jobs that differ only in their seed, summarised together (<see cref="Experiments.Seeds.SeedsRun"/>).</summary>
public static class TrainCommand
{
    public static Command Create(LearningTask task, CliContext ctx)
    {
        var description = task switch
        {
            LearningTask.Pneumonia => "Train a pneumonia classifier (per chunk, reported per recording and patient)",
            LearningTask.CracklesWheezes => "Train a crackles/wheezes classifier (two outputs per chunk or cycle)",
            _ => "The ICBHI benchmark: classify every annotated respiratory cycle as normal, crackle, wheeze or both " +
                 "(or normal/abnormal with --set cycle_classes=2) on the official split, scored by the challenge's Sp, Se and Score",
        };
        var command = new Command(task.CliName(), description);
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
