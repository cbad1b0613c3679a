using DataflowLung.Pipeline.Tasks;
using DataflowLung.Export.Onnx;
using DataflowLung.Export.PyTorch;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.IO;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Experiments.Export;

/// <summary><c>runner export</c>'s work: the trained network as an ONNX model (log-mel chunk in, probabilities out, feature
/// parameters and task in its metadata; with the frontend: 8 kHz audio in) or as a PyTorch state_dict (<c>.pt</c>, or
/// safetensors for a <c>.safetensors</c> path) for the classes of bench/anchors/pytorch_train.py. Default output: beside
/// the checkpoint (<c>model.onnx</c>, <c>model.frontend.onnx</c>, <c>model.pytorch.pt</c>). With references, the first
/// chunks of those recordings and TorchSharp's probabilities are saved beside the output (<c>*.reference.pt</c>) for
/// bench/anchors/check_export.py. Failures are <see cref="JobError"/>s.</summary>
public static class ModelExport
{
    public const int ReferenceChunks = 8;

    /// <param name="Force">Replace an existing export (never a job's own files, a recording or anything in a data folder:
    /// <see cref="OutputTarget"/>).</param>
    public sealed record Request(string Model, string Format, Option<string> Out, bool WithFrontend, IReadOnlyList<string> References, bool Force = false);

    /// <summary>The names export owns inside a job folder: its default outputs and their reference files.</summary>
    public static readonly IReadOnlyCollection<string> OwnedNames =
        new[] { Scorers.OnnxFile, "model.frontend.onnx", "model.pytorch.pt", "model.pytorch.safetensors" }
            .SelectMany(n => new[] { n, Path.GetFileNameWithoutExtension(n) + ".reference.pt" }).ToHashSet(StringComparer.Ordinal);

    /// <summary>Exports, saying each file written through <paramref name="say"/>; the path of the export.</summary>
    public static async Task<Fin<string>> RunAsync(Request r, Action<string> say, CancellationToken ct)
    {
        if (r.WithFrontend && r.Format != "onnx") return JobError.BadInput("bad arguments:", "--with-frontend applies to --format onnx");
        var loaded = from dir in ModelLocation.Resolve(r.Model) from p in Predictor.Load(dir) select (dir, p);
        if (loaded.Case is not ValueTuple<string, Predictor> (var checkpoint, var predictor))
            return JobError.BadInput("cannot load the model:", loaded.Match(_ => "", e => e.Message));
        using var _ = predictor;
        var info = predictor.Info;

        string requested = r.Out.IfNone(() => Path.Combine(checkpoint, r.Format == "pytorch" ? "model.pytorch.pt" : r.WithFrontend ? "model.frontend.onnx" : Scorers.OnnxFile));
        // Both files are checked before anything is written, so a refusal leaves nothing behind.
        var targets = from t in OutputTarget.Check(requested, r.Force, OwnedNames)
                      from __ in r.References.Count == 0 ? FinSucc(t) : OutputTarget.Check(ReferencePath(t), r.Force, OwnedNames)
                      select t;
        if (targets.Case is not string target) return JobError.BadInput("cannot write the export:", targets.Match(_ => "", e => e.Message));
        var written = r.Format == "onnx"
            ? OnnxExporter.Build(predictor.Network, info, r.WithFrontend).Bind(m => OnnxExporter.Write(m, target))
            : StateDictExport.Write(predictor.Network, info, target);
        if (written.Case is not string path) return JobError.Failed("export failed:", written.Match(_ => "", e => e.Message));
        say($"wrote {path} ({info.Model}, {info.Task.Name}, {string.Join(",", info.Task.OutputNames)}; input {(r.WithFrontend ? $"audio at {info.Features.SampleRate} Hz" : $"log-mel 1×{info.Mels}×{info.Frames}")})");
        if (r.References.Count == 0) return path;

        var saved = await SaveReferenceAsync(predictor, r.References, ReferencePath(path), ct);
        if (saved.Case is not string reference) return JobError.MissingData("cannot write the reference chunks:", saved.Match(_ => "", e => e.Message));
        say($"wrote {reference} ({ReferenceChunks} chunks or fewer, with TorchSharp's probabilities)");
        return path;
    }

    public static string ReferencePath(string export) =>
        Path.Combine(Path.GetDirectoryName(export)!, Path.GetFileNameWithoutExtension(export) + ".reference.pt");

    /// <summary>The first chunks of <paramref name="files"/>, made as <c>predict</c> makes them, with the probabilities.</summary>
    private static async Task<Fin<string>> SaveReferenceAsync(Predictor predictor, IReadOnlyList<string> files, string path, CancellationToken ct)
    {
        var inputs = InputRecordings.From(files, predictor.Info.Task);
        var unusable = inputs.Bind(i => i.Recording.Match(_ => Seq<string>(), e => Seq1($"{i.Path}: {e.Message}")));
        if (!unusable.IsEmpty) return Error.New("--reference: " + string.Join("; ", unusable));
        var recordings = inputs.Bind(i => i.Recording.ToSeq());
        var p = JobParameters.Defaults(predictor.Info.Task) with { Features = predictor.Info.Features, Chunk = predictor.Info.Chunks };
        using var features = JobStages.Backend(p);
        var built = JobStages.Create(p, features);
        if (built.Case is not FlowStages stages) return built.Map(_ => "");
        var chunkInputs = new List<float>();
        var probabilities = new List<float>();
        int chunks = 0;
        await using (var run = new DataFlow(stages, p.EffectiveFlow).Epoch(recordings.ToArray(), 0, training: false, ct))
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
