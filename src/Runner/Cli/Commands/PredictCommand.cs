using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using LanguageExt;
using LanguageExt.Common;
using Spectre.Console;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner predict --model JOB_DIR_OR_MODEL.pt [--engine torch|onnx] FILE_OR_FOLDER...</c>: the probability of each
/// recording (mean of its chunks', as validation aggregates), per chunk with <c>--chunks</c>; as a table, JSON
/// or CSV. Recordings go through the same graph stages as in training (decode, resample, chunk, features), with
/// the sample rate, chunking and feature parameters the model was trained with (from its sidecar).</summary>
public static class PredictCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new System.CommandLine.Option<string>("--model") { Description = "Job folder, checkpoint folder or model.pt (with its model.json)", Required = true };
        var chunks = new System.CommandLine.Option<bool>("--chunks") { Description = "Also print every chunk's probabilities" };
        var format = new System.CommandLine.Option<string>("--format") { Description = "Output format: table, json or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var features = new System.CommandLine.Option<string?>("--features") { Description = "Feature backend: auto, cpu or ilgpu" };
        features.AcceptOnlyFromAmong("auto", "cpu", "ilgpu");
        var device = new System.CommandLine.Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var engine = new System.CommandLine.Option<string>("--engine") { Description = "torch (the checkpoint, TorchSharp) or onnx (an exported model.onnx, ONNX Runtime)", DefaultValueFactory = _ => Scorers.Torch };
        engine.AcceptOnlyFromAmong(Scorers.Torch, Scorers.Onnx);
        var inputs = new Argument<string[]>("recordings") { Description = "WAV files or folders of WAV files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Predict with a trained model: probability per recording (and per chunk with --chunks)");
        foreach (var o in new System.CommandLine.Option[] { model, chunks, format, features, device, engine }) command.Options.Add(o);
        command.Arguments.Add(inputs);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(ctx, r.GetValue(model)!, r.GetValue(inputs)!, r.GetValue(chunks),
            r.GetValue(format)!, r.GetValue(features), r.GetValue(device)!, r.GetValue(engine)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext ctx, string modelPath, string[] inputs, bool perChunk, string format,
        string? backend, string device, string engine, CancellationToken ct)
    {
        var loaded = Scorers.Load(modelPath, engine, device);
        if (loaded.IsFail) return ParameterErrors.Report(ctx.Error, "cannot load the model:", Seq1(((Error)loaded).Message), ExitCodes.BadArguments);
        using var predictor = loaded.ThrowIfFail();
        var task = predictor.Info.Task;
        var recordings = InputRecordings.From(inputs, task);
        if (recordings.IsFail) return ParameterErrors.Report(ctx.Error, "cannot read the inputs:", Seq1(((Error)recordings).Message), ExitCodes.MissingData);

        var p = JobParameters.Defaults(task) with
        {
            Features = predictor.Info.Features,
            Chunk = predictor.Info.Chunks,
            Backend = backend is null ? FeatureBackendChoice.Auto : Enum.Parse<FeatureBackendChoice>(backend, ignoreCase: true),
        };
        using var features = JobStages.Backend(p);
        var built = JobStages.Create(p, features);
        if (built.IsFail) return ParameterErrors.Report(ctx.Error, "cannot build the pipeline:", Seq1(((Error)built).Message), ExitCodes.Failed);
        var flow = new DataFlow((FlowStages)built, p.EffectiveFlow);
        var pass = await ValidationPass.RunAsync(predictor, flow, ((Seq<RecordingRef>)recordings).ToArray(), task, p.Chunk, examplesPerClass: 0, ct);
        if (pass.IsFail) return ParameterErrors.Report(ctx.Error, "prediction failed:", Seq1(((Error)pass).Message), ExitCodes.Failed);
        var result = (ValidationPass.Result)pass;
        foreach (var fault in result.Flow?.Faults ?? []) ctx.Error.WriteLine($"skipped {fault.File}: {fault.Reason}");

        var outputs = PredictionsCsv.OutputNames(task);
        var byFile = result.Chunks.GroupBy(c => c.Recording.Path)
            .Select(g => (File: g.Key, Chunks: g.ToArray(), Mean: Enumerable.Range(0, outputs.Count).Select(o => g.Average(c => (double)c.Probabilities[o])).ToArray()))
            .ToArray();
        switch (format)
        {
            case "json": ctx.Out.WriteLine(Json(byFile, outputs, perChunk)); break;
            case "csv": Csv(ctx.Out, byFile, outputs, perChunk); break;
            default: Table(ctx, byFile, outputs, perChunk); break;
        }
        return byFile.Length == 0 ? ExitCodes.MissingData : ExitCodes.Success;
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    // Machine-readable output keeps every digit.
    private static string Exact(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Json(IEnumerable<(string File, ChunkOutcome[] Chunks, double[] Mean)> files, IReadOnlyList<string> outputs, bool perChunk)
    {
        JsonObject Probabilities(IReadOnlyList<double> values) => new(outputs.Select((o, i) => KeyValuePair.Create(o, (JsonNode?)JsonValue.Create(values[i]))));
        var array = new JsonArray(files.Select(f =>
        {
            var o = new JsonObject { ["file"] = f.File, ["chunks"] = f.Chunks.Length, ["probabilities"] = Probabilities(f.Mean) };
            if (perChunk)
                o["chunk_probabilities"] = new JsonArray(f.Chunks.Select(c => (JsonNode)new JsonObject
                {
                    ["chunk"] = c.Chunk,
                    ["probabilities"] = Probabilities(c.Probabilities.Select(x => (double)x).ToArray()),
                }).ToArray());
            return (JsonNode)o;
        }).ToArray());
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void Csv(TextWriter w, IEnumerable<(string File, ChunkOutcome[] Chunks, double[] Mean)> files, IReadOnlyList<string> outputs, bool perChunk)
    {
        w.WriteLine(string.Join(",", new[] { "level", "file", "chunk" }.Concat(outputs.Select(o => $"p_{o}"))));
        foreach (var f in files)
        {
            w.WriteLine(string.Join(",", new[] { "recording", PredictionsCsv.Quote(f.File), "" }.Concat(f.Mean.Select(Exact))));
            if (!perChunk) continue;
            foreach (var c in f.Chunks)
                w.WriteLine(string.Join(",", new[] { "chunk", PredictionsCsv.Quote(f.File), PredictionsCsv.Quote(c.Chunk) }.Concat(c.Probabilities.Select(x => Exact(x)))));
        }
    }

    private static void Table(CliContext ctx, IEnumerable<(string File, ChunkOutcome[] Chunks, double[] Mean)> files, IReadOnlyList<string> outputs, bool perChunk)
    {
        var table = new Table().AddColumn("recording").AddColumn("chunks");
        foreach (var o in outputs) table.AddColumn($"p({o})");
        foreach (var f in files)
        {
            table.AddRow(new[] { Markup.Escape(f.File), f.Chunks.Length.ToString(CultureInfo.InvariantCulture) }.Concat(f.Mean.Select(F)).ToArray());
            if (!perChunk) continue;
            foreach (var c in f.Chunks)
                table.AddRow(new[] { Markup.Escape("  " + c.Chunk), "" }.Concat(c.Probabilities.Select(x => F(x))).ToArray());
        }
        Rendering.Write(ctx, table);
    }
}
