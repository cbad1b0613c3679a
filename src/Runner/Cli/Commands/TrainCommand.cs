using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner &lt;task&gt;</c> (<c>pneumonia</c>, <c>cw</c>, <c>cycles</c>, <c>sprsound --task …</c>: one per <see cref="TaskRegistry"/> task): one training job in a new job folder, or
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
        // A command that trains several variants (sprsound's challenge tasks) picks one with --task, before the
        // parameters are resolved, so the job starts from that variant's own defaults.
        var variants = toSeq(task.Variants).Choose(v => v.VariantName.Map(name => (Name: name, Task: v)));
        var variant = new Option<string?>("--task")
        {
            Description = $"Which {task.Name} task: {string.Join(", ", variants.Map(v => v.Name))} (default {task.VariantName.IfNone("")})",
        };
        variant.AcceptOnlyFromAmong([.. variants.Map(v => v.Name)]);
        foreach (var o in options.TrainingOptions()) command.Options.Add(o);
        if (!variants.IsEmpty) command.Options.Add(variant);
        command.Options.Add(resume);
        command.Options.Add(cvDir);
        LearningTask Chosen(ParseResult r) => r.GetValue(variant) is { } name ? variants.Find(v => v.Name == name).Map(v => v.Task).IfNone(task) : task;
        command.SetAction(async (ParseResult r, CancellationToken ct) => OutcomeExit.Of(
            await Training.RunAsync(new Training.Request(Chosen(r), options.Request(r), Optional(r.GetValue(resume)), Optional(r.GetValue(cvDir)),
                Optional(options.SeedCountOf(r))), ctx.Host, ct),
            ctx.Error));
        return command;
    }
}
