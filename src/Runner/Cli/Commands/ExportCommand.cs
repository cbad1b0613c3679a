using System.CommandLine;
using DataflowLung.Experiments.Export;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner export --model JOB --format onnx|pytorch [--out FILE] [--with-frontend] [--reference WAV...] [--force]</c>
/// (<see cref="ModelExport"/>).</summary>
public static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new System.CommandLine.Option<string>("--model") { Description = "Job folder, checkpoint folder or model.pt (with its model.json)", Required = true };
        var format = new System.CommandLine.Option<string>("--format") { Description = "onnx or pytorch", Required = true };
        format.AcceptOnlyFromAmong("onnx", "pytorch");
        var output = new System.CommandLine.Option<string?>("--out") { Description = "Output file (default: beside the checkpoint)" };
        var frontend = new System.CommandLine.Option<bool>("--with-frontend") { Description = "onnx: take 8 kHz audio and compute the log-mel features inside the graph (opset 17 STFT)" };
        var reference = new System.CommandLine.Option<string[]>("--reference") { Description = "Recordings whose first chunks and probabilities are saved beside the export, for bench/anchors/check_export.py", AllowMultipleArgumentsPerToken = true };
        var force = new System.CommandLine.Option<bool>("--force") { Description = "Replace an existing export file (never a job's own files, a recording or a file in a data folder)" };
        var command = new Command("export", "Export a trained model: ONNX (for ONNX Runtime) or a PyTorch state_dict");
        foreach (var o in new System.CommandLine.Option[] { model, format, output, frontend, reference, force }) command.Options.Add(o);
        command.SetAction((ParseResult r, CancellationToken ct) =>
            RunAsync(ctx, r.GetValue(model)!, r.GetValue(format)!, r.GetValue(output), r.GetValue(frontend), r.GetValue(reference) ?? [], r.GetValue(force), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext ctx, string modelPath, string format, string? outPath, bool withFrontend, string[] references, bool force, CancellationToken ct)
    {
        var exported = await ModelExport.RunAsync(new ModelExport.Request(modelPath, format, Optional(outPath), withFrontend, references, force), ctx.Out.WriteLine, ct);
        return exported.Match(_ => ExitCodes.Success, e => OutcomeExit.Of(e, "export failed:", ctx.Error));
    }
}
