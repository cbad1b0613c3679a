using System.CommandLine;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using LanguageExt.Common;
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
            if (r.GetValue(job) is { } jobDirectory) return await EvaluateJob.RunAsync(jobDirectory, r, options, ctx, ct);
            var loaded = from dir in ModelLocation.Resolve(r.GetValue(model)!) from m in Predictor.Load(dir, r.GetValue(options.Device) ?? "cpu") select m;
            if (loaded.IsFail) return ParameterErrors.Report(ctx.Error, "cannot load the model:", Seq1(((Error)loaded).Message), ExitCodes.BadArguments);
            using var predictor = (Predictor)loaded;
            return await JobSetup.Prepare(r, options, predictor.Info.Task, ctx).MatchAsync(
                RightAsync: async prepared =>
                {
                    // The model fixes how its inputs are made; the config may only choose data and backends.
                    var p = prepared.Parameters with { Features = predictor.Info.Features, Chunk = prepared.Parameters.PredictionChunks(predictor.Info.Chunks), Train = predictor.Info.Train };
                    return await EvaluationStart.RunAsync(p, [$"model {r.GetValue(model)} ({predictor.Info.Model}, {p.Task.CliName()})"], ctx,
                        (folder, log) => EvaluationRun.RunAsync(predictor, p, prepared.Root, folder, log, ct));
                },
                Left: code => code);
        });
        return command;
    }
}
