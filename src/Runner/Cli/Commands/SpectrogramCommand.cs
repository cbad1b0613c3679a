using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Plots;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner spectrogram FILE --out PNG [--force]</c>: the log-mel image of a whole recording, computed with
/// the job's feature parameters (config / --set), with its annotated cycles drawn on it (the same-name .txt
/// beside the file, or <c>--annotations</c>).</summary>
public static class SpectrogramCommand
{
    public static Command Create(CliContext ctx)
    {
        var options = new JobOptions();
        var file = new Argument<string>("file") { Description = "A WAV recording" };
        var output = new System.CommandLine.Option<string>("--out") { Description = "PNG file to write", Required = true };
        var annotations = new System.CommandLine.Option<string?>("--annotations") { Description = "ICBHI-format cycle file (default: the same-name .txt beside the recording, if any)" };
        var force = new System.CommandLine.Option<bool>("--force") { Description = "Replace an existing PNG (never a job's own files, a recording or a file in a data folder)" };
        var command = new Command("spectrogram", "Draw the log-mel spectrogram of a recording with its annotated cycles");
        command.Arguments.Add(file);
        foreach (var o in new System.CommandLine.Option[] { output, force, annotations, options.Config, options.Set, options.Features }) command.Options.Add(o);
        command.SetAction((ParseResult r, CancellationToken _) =>
        {
            var sources = options.Sources(r, TaskRegistry.Pneumonia, new DataRoot(".", "unused"));
            return Task.FromResult(ParameterResolver.Resolve(sources).Match(
                Succ: p => Draw(ctx, p, r.GetValue(file)!, r.GetValue(output)!, Optional(r.GetValue(annotations)), r.GetValue(force)),
                Fail: e => ParameterErrors.Report(ctx.Error, "invalid parameters:", ParameterResolver.Problems(e), ExitCodes.BadArguments)));
        });
        return command;
    }

    private static int Draw(CliContext ctx, JobParameters p, string file, string output, LanguageExt.Option<string> annotations, bool force) =>
        SpectrogramDrawing.Draw(p, file, output, annotations, force).Match(
            Succ: drawn =>
            {
                ctx.Out.WriteLine($"wrote {drawn.Path} ({drawn.Cycles} annotated cycles)");
                return ExitCodes.Success;
            },
            Fail: e => ParameterErrors.Report(ctx.Error, "cannot draw the spectrogram:", Seq1(e.Message), ExitCodes.MissingData));
}
