using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Export.Onnx;
using DataflowLung.Export.PyTorch;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner export --model JOB --format onnx|pytorch [--out FILE] [--with-frontend] [--reference WAV...]</c>:
/// the trained network as an ONNX model (log-mel chunk in, probabilities out, feature parameters and task in its
/// metadata; <c>--with-frontend</c>: 8 kHz audio in) or as a PyTorch state_dict (<c>.pt</c>, or safetensors for a
/// <c>.safetensors</c> path) for the classes of bench/anchors/pytorch_train.py. Default output: beside the
/// checkpoint (<c>model.onnx</c>, <c>model.frontend.onnx</c>, <c>model.pytorch.pt</c>). With <c>--reference</c>,
/// the first chunks of those recordings and TorchSharp's probabilities are saved beside the output
/// (<c>*.reference.pt</c>) for bench/anchors/check_export.py.</summary>
public static class ExportCommand
{
    public const int ReferenceChunks = 8;

    public static Command Create(CliContext ctx)
    {
        var model = new System.CommandLine.Option<string>("--model") { Description = "Job folder, checkpoint folder or model.pt (with its model.json)", Required = true };
        var format = new System.CommandLine.Option<string>("--format") { Description = "onnx or pytorch", Required = true };
        format.AcceptOnlyFromAmong("onnx", "pytorch");
        var output = new System.CommandLine.Option<string?>("--out") { Description = "Output file (default: beside the checkpoint)" };
        var frontend = new System.CommandLine.Option<bool>("--with-frontend") { Description = "onnx: take 8 kHz audio and compute the log-mel features inside the graph (opset 17 STFT)" };
        var reference = new System.CommandLine.Option<string[]>("--reference") { Description = "Recordings whose first chunks and probabilities are saved beside the export, for bench/anchors/check_export.py", AllowMultipleArgumentsPerToken = true };
        var command = new Command("export", "Export a trained model: ONNX (for ONNX Runtime) or a PyTorch state_dict");
        foreach (var o in new System.CommandLine.Option[] { model, format, output, frontend, reference }) command.Options.Add(o);
        command.SetAction((ParseResult r, CancellationToken ct) =>
            RunAsync(ctx, r.GetValue(model)!, r.GetValue(format)!, r.GetValue(output), r.GetValue(frontend), r.GetValue(reference) ?? [], ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext ctx, string modelPath, string format, string? outPath, bool withFrontend, string[] references, CancellationToken ct)
    {
        if (withFrontend && format != "onnx")
            return ParameterErrors.Report(ctx.Error, "bad arguments:", Seq1("--with-frontend applies to --format onnx"), ExitCodes.BadArguments);
        var loaded = from dir in ModelLocation.Resolve(modelPath) from p in Predictor.Load(dir) select (dir, p);
        if (loaded.IsFail) return ParameterErrors.Report(ctx.Error, "cannot load the model:", Seq1(((Error)loaded).Message), ExitCodes.BadArguments);
        var (checkpoint, predictor) = ((string, Predictor))loaded;
        using var _ = predictor;
        var info = predictor.Info;

        string target = outPath ?? Path.Combine(checkpoint, format == "pytorch" ? "model.pytorch.pt" : withFrontend ? "model.frontend.onnx" : Scorers.OnnxFile);
        var written = format == "onnx"
            ? OnnxExporter.Build(predictor.Network, info, withFrontend).Bind(m => OnnxExporter.Write(m, target))
            : StateDictExport.Write(predictor.Network, info, target);
        if (written.IsFail) return ParameterErrors.Report(ctx.Error, "export failed:", Seq1(((Error)written).Message), ExitCodes.Failed);
        ctx.Out.WriteLine($"wrote {(string)written} ({info.Model}, {info.Task.Name}, {string.Join(",", info.Task.OutputNames)}; input {(withFrontend ? $"audio at {info.Features.SampleRate} Hz" : $"log-mel 1×{info.Mels}×{info.Frames}")})");
        if (references.Length == 0) return ExitCodes.Success;

        var saved = await SaveReferenceAsync(predictor, references, ReferencePath((string)written), ct);
        if (saved.IsFail) return ParameterErrors.Report(ctx.Error, "cannot write the reference chunks:", Seq1(((Error)saved).Message), ExitCodes.MissingData);
        ctx.Out.WriteLine($"wrote {(string)saved} ({ReferenceChunks} chunks or fewer, with TorchSharp's probabilities)");
        return ExitCodes.Success;
    }

    public static string ReferencePath(string export) =>
        Path.Combine(Path.GetDirectoryName(export)!, Path.GetFileNameWithoutExtension(export) + ".reference.pt");

    /// <summary>The first chunks of <paramref name="files"/>, made as <c>predict</c> makes them, with the probabilities.</summary>
    private static async Task<Fin<string>> SaveReferenceAsync(Predictor predictor, string[] files, string path, CancellationToken ct)
    {
        var inputs = InputRecordings.From(files, predictor.Info.Task);
        var unusable = inputs.Filter(i => i.Recording.IsLeft).Map(i => $"{i.Path}: {i.Recording.LeftToSeq().Head()}");
        if (!unusable.IsEmpty) return Error.New("--reference: " + string.Join("; ", unusable));
        var recordings = inputs.Bind(i => i.Recording.RightToSeq());
        var p = JobParameters.Defaults(predictor.Info.Task) with { Features = predictor.Info.Features, Chunk = predictor.Info.Chunks };
        using var features = JobStages.Backend(p);
        var built = JobStages.Create(p, features);
        if (built.IsFail) return built.Map(_ => "");
        var chunkInputs = new List<float>();
        var probabilities = new List<float>();
        int chunks = 0;
        await using (var run = new DataFlow((FlowStages)built, p.EffectiveFlow).Epoch(recordings.ToArray(), 0, training: false, ct))
        {
            await foreach (var batch in run.WithCancellation(ct))
            {
                var scored = predictor.Probabilities(batch);
                if (scored.IsFail) return scored.Map(_ => "");
                int take = Math.Min(batch.Size, ReferenceChunks - chunks);
                int size = batch.Mels * batch.Frames;
                chunkInputs.AddRange(batch.Inputs.AsSpan(0, take * size).ToArray());
                probabilities.AddRange(((float[])scored).AsSpan(0, take * batch.Outputs).ToArray());
                chunks += take;
                if (chunks == ReferenceChunks) break;
            }
        }
        if (chunks == 0) return FinFail<string>(Error.New("no chunk could be made from the reference recordings"));
        var info = predictor.Info;
        using var x = tensor(chunkInputs.ToArray(), [chunks, 1, info.Mels, info.Frames]);
        using var y = tensor(probabilities.ToArray(), [chunks, info.Outputs]);
        return StateDictExport.Save(path, new Dictionary<string, Tensor> { ["inputs"] = x, ["probabilities"] = y });
    }
}
