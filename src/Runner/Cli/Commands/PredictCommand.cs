using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Predict;
using Spectre.Console;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner predict --model JOB_DIR_OR_MODEL.pt [--engine torch|onnx] FILE_OR_FOLDER...</c>: one row per input
/// file (<see cref="PredictionRun"/>), per chunk too with <c>--chunks</c>; as a table, JSON or CSV; a one-score model's yes/no at
/// its job's threshold chosen on validation (<see cref="PredictionThreshold"/>, 0.5 without one). Exit 0 when every input
/// has a probability, 2 when any has not.</summary>
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
        var signalCache = new System.CommandLine.Option<string?>("--signal-cache-bytes")
        {
            Description = "Recordings whose decoded signal is larger are cut window by window as they are decoded (default 0: all of them; the probabilities are the same either way)",
        };
        var inputs = new Argument<string[]>("recordings") { Description = "WAV files or folders of WAV files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Predict with a trained model: probability per recording (and per chunk with --chunks); one row per input file");
        foreach (var o in new System.CommandLine.Option[] { model, chunks, format, features, device, engine, noFold, minLength, signalCache }) command.Options.Add(o);
        command.Arguments.Add(inputs);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(ctx,
            new PredictionRun.Request(r.GetValue(model)!, r.GetValue(inputs)!, r.GetValue(engine)!, r.GetValue(device)!, !r.GetValue(noFold),
                Optional(r.GetValue(features)), Optional(r.GetValue(minLength)), Optional(r.GetValue(signalCache))),
            r.GetValue(chunks), r.GetValue(format)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext ctx, PredictionRun.Request request, bool perChunk, string format, CancellationToken ct)
    {
        var predicted = await PredictionRun.RunAsync(request, ctx.Error.WriteLine, ct);
        if (predicted.Case is not PredictionRun.Result result) return OutcomeExit.Of(predicted.Match(_ => null!, e => e), "prediction failed:", ctx.Error);
        var (rows, outputs) = (result.Rows, result.Outputs);
        var threshold = result.Threshold.Case as PredictionThreshold;
        if (threshold is not null) ctx.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"positive: {outputs[0]} probability ≥ {threshold.Value:0.####} ({threshold.Source})"));
        switch (format)
        {
            case "json": ctx.Out.WriteLine(Json(rows, outputs, perChunk, threshold)); break;
            case "csv": Csv(ctx.Out, rows, outputs, perChunk, threshold); break;
            default: Table(ctx, rows, outputs, perChunk, threshold); break;
        }
        if (result.Missing == 0) return ExitCodes.Success;
        ctx.Error.WriteLine($"{result.Missing} of {rows.Count} input(s) have no probability; their rows say why");
        return ExitCodes.MissingData;
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    // Machine-readable output keeps every digit.
    // A non-finite probability (a diverged model) is an empty cell in CSV and null in JSON (FiniteJson).
    private static string Exact(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>The yes/no column of a one-score model: empty without a probability.</summary>
    private static string YesNo(InputOutcome f, PredictionThreshold t) => f.Probabilities is { } p ? (t.IsPositive(p) ? "yes" : "no") : "";

    private static string Json(IEnumerable<InputOutcome> rows, IReadOnlyList<string> outputs, bool perChunk, PredictionThreshold? threshold)
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
            if (threshold is not null) o["positive"] = f.Probabilities is { } p ? threshold.IsPositive(p) : null;
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

    private static void Csv(TextWriter w, IEnumerable<InputOutcome> rows, IReadOnlyList<string> outputs, bool perChunk, PredictionThreshold? threshold)
    {
        var positive = threshold is null ? [] : new[] { "positive" };
        w.WriteLine(string.Join(",", new[] { "level", "file", "chunk" }.Concat(outputs.Select(o => $"p_{o}")).Concat(positive).Concat(["status", "padded", "note"])));
        foreach (var f in rows)
        {
            var probabilities = f.Probabilities?.Select(Exact) ?? outputs.Select(_ => "");
            w.WriteLine(string.Join(",", new[] { "recording", PredictionsCsv.Quote(f.File), "" }.Concat(probabilities)
                .Concat(threshold is null ? [] : [YesNo(f, threshold)])
                .Concat([f.Predicted ? "predicted" : "skipped", f.Padded ? "true" : "false", PredictionsCsv.Quote(Note(f))])));
            if (!perChunk) continue;
            foreach (var c in f.Chunks)
                w.WriteLine(string.Join(",", new[] { "chunk", PredictionsCsv.Quote(f.File), PredictionsCsv.Quote(c.Chunk) }
                    .Concat(c.Probabilities.Select(x => Exact(x))).Concat(positive.Select(_ => "")).Concat(["", "", ""])));
        }
    }

    private static void Table(CliContext ctx, IEnumerable<InputOutcome> rows, IReadOnlyList<string> outputs, bool perChunk, PredictionThreshold? threshold)
    {
        var table = new Table().AddColumn("recording").AddColumn("seconds").AddColumn("chunks");
        foreach (var o in outputs) table.AddColumn($"p({o})");
        if (threshold is not null) table.AddColumn(outputs[0]);
        table.AddColumn("note");
        foreach (var f in rows)
        {
            var seconds = f.Seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "";
            var probabilities = f.Probabilities?.Select(F) ?? outputs.Select(_ => "–");
            table.AddRow(new[] { Markup.Escape(f.File), seconds, f.Chunks.Count.ToString(CultureInfo.InvariantCulture) }
                .Concat(probabilities).Concat(threshold is null ? [] : [YesNo(f, threshold)]).Append(Markup.Escape(Note(f))).ToArray());
            if (!perChunk) continue;
            foreach (var c in f.Chunks)
                table.AddRow(new[] { Markup.Escape("  " + c.Chunk), "", "" }.Concat(c.Probabilities.Select(x => F(x)))
                    .Concat(threshold is null ? [] : [""]).Append("").ToArray());
        }
        Rendering.Write(ctx, table);
    }

    /// <summary>The reason a row has no probability, else its notes.</summary>
    private static string Note(InputOutcome f) => f.Reason is { } why ? string.Join("; ", f.Notes.Prepend(why)) : string.Join("; ", f.Notes);
}
