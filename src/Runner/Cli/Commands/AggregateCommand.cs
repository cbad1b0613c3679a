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
        command.SetAction((ParseResult r, CancellationToken _) => Task.FromResult(OutcomeExit.Of(CrossValidationRun.AggregateFolder(Path.GetFullPath(r.GetValue(folder)!), ctx.Host), ctx.Error)));
        return command;
    }
}
