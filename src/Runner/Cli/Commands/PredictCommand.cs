using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using Spectre.Console;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner predict --model JOB_DIR_OR_MODEL.pt [--engine torch|onnx] FILE_OR_FOLDER...</c>: the probability of each
/// recording (mean of its chunks', as validation aggregates), per chunk with <c>--chunks</c>; as a table, JSON
/// or CSV. Recordings go through the same graph stages as in training (decode, resample, chunk, features), with
/// the sample rate, chunking and feature parameters the model was trained with (from its sidecar). Every input
/// file gets exactly one row: its probability (a recording shorter than a window from one padded chunk, marked so)
/// or why it has none (unreadable, too short, not a regular file, a repeat). Exit 0 when every input has a
/// probability, 2 when any has not.</summary>
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
        var noFold = new System.CommandLine.Option<bool>("--no-fold") { Description = "--engine torch: keep the BatchNorms instead of folding them into the convolutions (same probabilities up to float rounding, slower)" };
        var minLength = JobOptions.MinLengthOption();
        var inputs = new Argument<string[]>("recordings") { Description = "WAV files or folders of WAV files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Predict with a trained model: probability per recording (and per chunk with --chunks); one row per input file");
        foreach (var o in new System.CommandLine.Option[] { model, chunks, format, features, device, engine, noFold, minLength }) command.Options.Add(o);
        command.Arguments.Add(inputs);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(ctx, r.GetValue(model)!, r.GetValue(inputs)!, r.GetValue(chunks),
            r.GetValue(format)!, r.GetValue(features), r.GetValue(device)!, r.GetValue(engine)!, !r.GetValue(noFold), r.GetValue(minLength), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext ctx, string modelPath, string[] inputs, bool perChunk, string format,
        string? backend, string device, string engine, bool foldBatchNorm, string? minLength, CancellationToken ct)
    {
        var loaded = Scorers.Load(modelPath, engine, device, foldBatchNorm);
        if (loaded.IsFail) return ParameterErrors.Report(ctx.Error, "cannot load the model:", Seq1(((Error)loaded).Message), ExitCodes.BadArguments);
        using var predictor = loaded.ThrowIfFail();
        var task = predictor.Info.Task;
        // The model fixes how inputs become features; the command line chooses the backend and the shortest recording.
        var overrides = Seq(("features_backend", backend), ("min_recording_length", minLength)).Filter(o => o.Item2 is not null).Map(o => (o.Item1, o.Item2!));
        JobParameters defaults = null!;
        var problems = ParameterResolver.Resolve(new ParameterSources(task, None, overrides, "data", "runs"))
            .Match(Left: ps => ps, Right: resolved => { defaults = resolved; return Seq<string>(); });
        if (!problems.IsEmpty) return ParameterErrors.Report(ctx.Error, "invalid options:", problems, ExitCodes.BadArguments);
        var p = defaults with { Features = predictor.Info.Features, Chunk = defaults.PredictionChunks(predictor.Info.Chunks) };

        var warnings = new RunWarnings();
        var all = InputRecordings.From(inputs, task);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var screened = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var recording in all.Bind(i => i.Recording.RightToSeq()))
            AudioProbe.Of(recording.Path).Match(
                Succ: info =>
                {
                    seconds[recording.Path] = info.Seconds;
                    p.TooShort(info.Seconds).IfSome(reason => screened[recording.Path] = reason);
                },
                Fail: e => screened[recording.Path] = "unreadable: " + InputOutcome.WithoutFile(e.Message, recording.Path));
        var toPredict = all.Bind(i => i.Recording.RightToSeq()).Filter(r => !screened.ContainsKey(r.Path)).ToArray();

        var result = new ValidationPass.Result([], [], null);
        if (toPredict.Length > 0)
        {
            using var features = JobStages.Backend(p);
            JobStages.SlowBackendWarning(features).IfSome(slow => ctx.Error.WriteLine("WARNING: " + slow));
            var built = JobStages.Create(p, features, warnings: warnings);
            if (built.IsFail) return ParameterErrors.Report(ctx.Error, "cannot build the pipeline:", Seq1(((Error)built).Message), ExitCodes.Failed);
            var flow = new DataFlow((FlowStages)built, p.EffectiveFlow);
            var pass = await ValidationPass.RunAsync(predictor, flow, toPredict, task, p.Chunk, examplesPerClass: 0, ct);
            if (pass.IsFail) return ParameterErrors.Report(ctx.Error, "prediction failed:", Seq1(((Error)pass).Message), ExitCodes.Failed);
            result = (ValidationPass.Result)pass;
        }
        warnings.Flush(ctx.Error.WriteLine, _ => { });

        var outputs = task.OutputNames;
        var rows = InputOutcome.All(all, screened, seconds, result.Chunks, result.Flow?.Faults ?? [], p, outputs.Count, warnings.About).ToArray();
        switch (format)
        {
            case "json": ctx.Out.WriteLine(Json(rows, outputs, perChunk)); break;
            case "csv": Csv(ctx.Out, rows, outputs, perChunk); break;
            default: Table(ctx, rows, outputs, perChunk); break;
        }
        var missing = rows.Count(o => !o.Predicted);
        if (missing == 0) return ExitCodes.Success;
        ctx.Error.WriteLine($"{missing} of {rows.Length} input(s) have no probability; their rows say why");
        return ExitCodes.MissingData;
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    // Machine-readable output keeps every digit.
    // A non-finite probability (a diverged model) is an empty cell in CSV and null in JSON (FiniteJson).
    private static string Exact(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Json(IEnumerable<InputOutcome> rows, IReadOnlyList<string> outputs, bool perChunk)
    {
        JsonObject Probabilities(IReadOnlyList<double> values) => new(outputs.Select((o, i) => KeyValuePair.Create(o, DataflowLung.Model.Json.FiniteJson.Number(values[i]))));
        var array = new JsonArray(rows.Select(f =>
        {
            var o = new JsonObject
            {
                ["file"] = f.File,
                ["status"] = f.Predicted ? "predicted" : "skipped",
                ["seconds"] = f.Seconds,
                ["chunks"] = f.Chunks.Count,
                ["probabilities"] = f.Probabilities is { } mean ? Probabilities(mean) : null,
                ["padded"] = f.Padded,
                ["reason"] = f.Reason,
                ["notes"] = new JsonArray(f.Notes.Map(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            };
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

    private static void Csv(TextWriter w, IEnumerable<InputOutcome> rows, IReadOnlyList<string> outputs, bool perChunk)
    {
        w.WriteLine(string.Join(",", new[] { "level", "file", "chunk" }.Concat(outputs.Select(o => $"p_{o}")).Concat(["status", "padded", "note"])));
        foreach (var f in rows)
        {
            var probabilities = f.Probabilities?.Select(Exact) ?? outputs.Select(_ => "");
            w.WriteLine(string.Join(",", new[] { "recording", PredictionsCsv.Quote(f.File), "" }.Concat(probabilities)
                .Concat([f.Predicted ? "predicted" : "skipped", f.Padded ? "true" : "false", PredictionsCsv.Quote(Note(f))])));
            if (!perChunk) continue;
            foreach (var c in f.Chunks)
                w.WriteLine(string.Join(",", new[] { "chunk", PredictionsCsv.Quote(f.File), PredictionsCsv.Quote(c.Chunk) }
                    .Concat(c.Probabilities.Select(x => Exact(x))).Concat(["", "", ""])));
        }
    }

    private static void Table(CliContext ctx, IEnumerable<InputOutcome> rows, IReadOnlyList<string> outputs, bool perChunk)
    {
        var table = new Table().AddColumn("recording").AddColumn("seconds").AddColumn("chunks");
        foreach (var o in outputs) table.AddColumn($"p({o})");
        table.AddColumn("note");
        foreach (var f in rows)
        {
            var seconds = f.Seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "";
            var probabilities = f.Probabilities?.Select(F) ?? outputs.Select(_ => "–");
            table.AddRow(new[] { Markup.Escape(f.File), seconds, f.Chunks.Count.ToString(CultureInfo.InvariantCulture) }
                .Concat(probabilities).Append(Markup.Escape(Note(f))).ToArray());
            if (!perChunk) continue;
            foreach (var c in f.Chunks)
                table.AddRow(new[] { Markup.Escape("  " + c.Chunk), "", "" }.Concat(c.Probabilities.Select(x => F(x))).Append("").ToArray());
        }
        Rendering.Write(ctx, table);
    }

    /// <summary>The reason a row has no probability, else its notes.</summary>
    private static string Note(InputOutcome f) => f.Reason is { } why ? string.Join("; ", f.Notes.Prepend(why)) : string.Join("; ", f.Notes);
}
