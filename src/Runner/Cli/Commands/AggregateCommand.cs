using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner aggregate CV_DIR</c>: the cross-validation report from the folder's finished fold folders, after
/// folds ran as separate jobs (<c>--fold</c>, a Slurm array, a Kubernetes Indexed Job). Needs no data: it reads the
/// folds' predictions. Refuses, naming each, folds that are missing, unfinished, or ran with other parameters or
/// data than the folder's params.json and folds.json.</summary>
public static class AggregateCommand
{
    public static Command Create(CliContext ctx)
    {
        var folder = new Argument<string>("folder") { Description = "The cross-validation folder (holds params.json, folds.json and fold_<i>/ folders)" };
        var command = new Command("aggregate", "Build a cross-validation report from its finished fold folders");
        command.Arguments.Add(folder);
        command.SetAction((ParseResult r, CancellationToken _) => Task.FromResult(Run(Path.GetFullPath(r.GetValue(folder)!), ctx)));
        return command;
    }

    private static int Run(string parent, CliContext ctx)
    {
        var paramsFile = Path.Combine(parent, "params.json");
        var folds = FoldsRecord.Read(parent);
        if (folds.IsFail) return ParameterErrors.Report(ctx.Error, $"cannot aggregate {parent}:", Seq1(((Error)folds).Message), ExitCodes.MissingData);
        var record = (FoldsRecord)folds;
        // The saved params.json's cycle_classes picks the 2-class cycles variant when the parameters are resolved.
        var task = TaskRegistry.Find(record.Task).IfNone(TaskRegistry.All.Head);
        var resolved = ParameterResolver.Resolve(new ParameterSources(task, Some(paramsFile), Empty, record.DataRoot, Path.GetDirectoryName(parent) ?? "."));
        if (resolved.IsLeft)
            return ParameterErrors.Report(ctx.Error, $"cannot aggregate {parent}: {paramsFile}:", resolved.LeftToSeq().Bind(x => x), ExitCodes.MissingData);
        var p = resolved.RightToSeq().Head();
        var console = ctx.CreateConsole();
        using var log = ctx.Host.Log(console);
        log.Attach(Path.Combine(parent, "log.txt"), append: true);
        log.Info($"aggregating {record.Count} fold(s) of {parent}");
        return OutcomeExit.Of(CrossValidationRun.Aggregate(parent, p, record, log, LoggedOutcomes.MissingData), ctx.Error);
    }
}
