using System.CommandLine;
using DataflowLung.Experiments.Jobs;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner evaluate --model ... --datasets ... [--data-root DIR] [--out DIR]</c>: all metrics of a
/// trained model on every recording of the given datasets, as a job folder under OUT/&lt;task&gt;/evaluate/.
/// The task, sample rate, chunking and features are the model's own (from its sidecar).</summary>
public static class EvaluateCommand
{
    public static Command Create(CliContext ctx)
    {
        var options = new JobOptions();
        var model = new System.CommandLine.Option<string>("--model") { Description = "Job folder, checkpoint folder or model.pt (with its model.json)" };
        var job = new System.CommandLine.Option<string>("--job") { Description = "Re-score this job's best model on the job's own validation split (its split.json); no --datasets" };
        var command = new Command("evaluate", "Evaluate a trained model on a held-out set (every recording of the datasets, no split), or a job on its own validation split (--job)");
        foreach (var o in new System.CommandLine.Option[] { model, job, options.Datasets, options.DataRoot, options.Out, options.Config, options.Set, options.Features, options.Device, options.MinLength })
            command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if ((r.GetValue(model) is null) == (r.GetValue(job) is null))
                return ParameterErrors.Report(ctx.Error, "invalid options:", Seq1("give either --model (score held-out data) or --job (re-score a job on its own validation split)"), ExitCodes.BadArguments);
            var run = new EvaluationJobs.RunOptions(Optional(r.GetValue(options.Device)), Optional(r.GetValue(options.Features)));
            var dataOptions = r.GetValue(options.Datasets) is not null || r.GetValue(options.Config) is not null || r.GetValue(options.Set) is { Length: > 0 };
            return OutcomeExit.Of(r.GetValue(job) is { } jobDirectory
                    ? await EvaluationJobs.JobAsync(jobDirectory, options.Request(r), dataOptions, run, ctx.Host, ct)
                    : await EvaluationJobs.ModelAsync(r.GetValue(model)!, options.Request(r), run, ctx.Host, ct),
                ctx.Error);
        });
        return command;
    }
}
