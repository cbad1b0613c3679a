using System.CommandLine;
using DataflowLung.Experiments.Export;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner import --from keras FILE.h5 --model mixednet|model9 --out DIR [--task T] [--preset P] [--config F]
/// [--set k=v]</c> (<see cref="KerasImport"/>).</summary>
public static class ImportCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "The original's Keras HDF5 file (model.save or model.save_weights, .h5)" };
        var from = new System.CommandLine.Option<string>("--from") { Description = "Format of FILE: keras", Required = true };
        from.AcceptOnlyFromAmong("keras");
        var model = new System.CommandLine.Option<string>("--model") { Description = "The original's architecture: mixednet or model9", Required = true };
        model.AcceptOnlyFromAmong("mixednet", "model9");
        var output = new System.CommandLine.Option<string>("--out") { Description = "Folder for the imported model (model.pt, model.json, import.json)", Required = true };
        var task = new System.CommandLine.Option<string>("--task") { Description = "What the model predicts: pneumonia (1 output) or cw (crackles, wheezes)", DefaultValueFactory = _ => "pneumonia" };
        var preset = new System.CommandLine.Option<string?>("--preset") { Description = "Parameters the model's inputs are made with (default: original, the original's features and chunks)" };
        var config = new System.CommandLine.Option<string?>("--config") { Description = "JSON config (the features and chunks the model was trained with)" };
        var set = new System.CommandLine.Option<string[]>("--set") { Description = "Set a parameter: --set key=value (repeatable), e.g. --set hop_length=254" };
        var command = new Command("import", "Import one of the original's trained Keras models as a model folder that evaluate, export and predict take");
        command.Arguments.Add(file);
        foreach (var o in new System.CommandLine.Option[] { from, model, output, task, preset, config, set }) command.Options.Add(o);
        command.SetAction((ParseResult r) =>
        {
            var sets = toSeq(r.GetValue(set) ?? []).Map(s => s.Contains('=') ? (s[..s.IndexOf('=')].Trim(), s[(s.IndexOf('=') + 1)..]) : (s, ""));
            var overrides = Optional(r.GetValue(preset)).Map(v => ("preset", v)).ToSeq().Concat(sets).ToSeq();
            var imported = KerasImport.Run(new KerasImport.Request(r.GetValue(file)!, r.GetValue(model)!, r.GetValue(output)!, r.GetValue(task)!,
                Optional(r.GetValue(config)), overrides), ctx.Out.WriteLine);
            return imported.Match(_ => ExitCodes.Success, e => OutcomeExit.Of(e, "import failed:", ctx.Error));
        });
        return command;
    }
}
