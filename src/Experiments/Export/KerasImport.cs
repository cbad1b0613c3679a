using System.Security.Cryptography;
using System.Text.Json;
using DataflowLung.Export.Keras;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Experiments.Export;

/// <summary><c>runner import --from keras FILE.h5 --model mixednet|model9 --out DIR</c>: one of the original's trained
/// Keras models (HDF5, <see cref="KerasWeightsFile"/>) as a checkpoint folder of ours (model.pt + model.json, and
/// import.json saying where each weight came from), which <c>evaluate</c>, <c>export</c> and <c>predict</c> take like
/// any job's model. The features, chunks and task come from the parameters (preset <c>original</c> unless another is
/// given): what the original trained the model on. Failures are <see cref="JobError"/>s.</summary>
public static class KerasImport
{
    public const string ProvenanceFile = "import.json";

    /// <summary>Keras BatchNormalization's default epsilon, which the original's code never changes and ours uses too
    /// (<see cref="KerasInit.BatchNorm"/>); a whole-model file that says otherwise is refused.</summary>
    public const double KerasBatchNormEpsilon = 1e-3;

    public sealed record Request(string File, string Model, string Out, string Task, Option<string> Config, Seq<(string Key, string Value)> Overrides);

    public static Fin<string> Run(Request r, Action<string> say)
    {
        var outDir = Path.GetFullPath(r.Out);
        if (System.IO.File.Exists(Path.Combine(outDir, CheckpointStore.ModelFile)) || System.IO.File.Exists(Path.Combine(outDir, CheckpointStore.InfoFile)))
            return JobError.BadInput("cannot import:", $"{outDir} already holds a model; give an empty or new folder to --out");
        if (TaskRegistry.Find(r.Task).Case is not LearningTask task)
            return JobError.BadInput("cannot import:", $"unknown task '{r.Task}' (known: {string.Join(", ", TaskRegistry.Names)})");
        if (task.Activation != Activation.Sigmoid)
            return JobError.BadInput("cannot import:", $"task {task.Name} has a softmax head; the original's models end in a sigmoid Dense (pneumonia, cw)");
        if (KerasLayouts.Find(r.Model).Case is not KerasLayout layout) return JobError.BadInput("cannot import:", KerasLayouts.Find(r.Model).Match(_ => "", e => e.Message));
        var overrides = Seq1<(string, string)>(("preset", Presets.OriginalName)).Concat(r.Overrides).Concat(Seq1(("model", layout.Model))).ToSeq();
        var resolved = ParameterResolver.Resolve(new ParameterSources(task, r.Config, overrides, "data", outDir));
        if (resolved.Case is not JobParameters p) return JobError.BadInput("cannot import: parameters:", resolved.Match(_ => Seq<string>(), ParameterResolver.Problems));
        int frames = p.Features.Frames(Chunker.WindowSamples(p.Features.SampleRate, p.Chunk));
        var shape = new ModelShape(p.Features.NMels, frames, task.Outputs);

        var file = KerasWeightsFile.Read(Path.GetFullPath(r.File));
        if (file.Case is not KerasWeightsFile keras) return JobError.BadInput("cannot import:", file.Match(_ => "", e => e.Message));
        var configProblems = ConfigProblems(keras, shape);
        if (!configProblems.IsEmpty) return JobError.BadInput($"cannot import {keras.Path}:", configProblems);

        var factory = ModelRegistry.Find(layout.Model);
        if (factory.Case is not ModelFactory f) return JobError.Failed("cannot import:", factory.Match(_ => "", e => e.Message));
        using var model = f.Create(shape, p.Train.Seed);
        var loaded = Load(model, layout, keras);
        if (loaded.Case is not Seq<string> mapped) return JobError.BadInput("cannot import:", loaded.Match(_ => "", e => e.Message));
        model.eval();

        var info = new CheckpointInfo(f.Name, task, shape.Mels, shape.Frames, shape.Outputs, p.Features, p.Chunk, p.Train, 0, double.NaN, null,
            new Dictionary<string, double?>(), ModelInspector.Summarise(f.Name, model, shape), PlateauState.Start(p.Train.LearningRate), DataflowLung.Model.Checkpoints.VersionInfo.Current());
        try
        {
            CheckpointStore.Save(outDir, model, info);
            System.IO.File.WriteAllText(Path.Combine(outDir, ProvenanceFile), JsonSerializer.Serialize(new
            {
                source = keras.Path,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(keras.Path))),
                keras_version = keras.KerasVersion,
                layout = keras.ModelConfig.IsSome ? "model.save (model_weights + model_config)" : "model.save_weights",
                model = f.Name,
                task = task.Name,
                preset = p.Preset,
                input = new[] { shape.Mels, shape.Frames },
                weights = mapped.ToArray(),
            }, CheckpointStore.Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return JobError.Failed("cannot write the imported model:", $"{outDir}: {e.Message}");
        }
        say($"imported {keras.Path} (Keras {keras.KerasVersion}, {keras.Layers.Count} layers with weights) as {f.Name} for {task.Name}, input 1×{shape.Mels}×{shape.Frames} ({p.Preset} preset features)");
        say($"wrote {Path.Combine(outDir, CheckpointStore.ModelFile)}, {CheckpointStore.InfoFile} and {ProvenanceFile}");
        return outDir;
    }

    /// <summary>Copies the file's weights into <paramref name="model"/>; every parameter and BN statistic must get one.
    /// The mapping as lines "Keras layer/weight → ours", for import.json.</summary>
    public static Fin<Seq<string>> Load(nn.Module model, KerasLayout layout, KerasWeightsFile file)
    {
        var state = model.state_dict();
        var shapes = state.ToDictionary(e => e.Key, e => e.Value.shape);
        var mapped = layout.Map(file, shapes);
        if (mapped.Case is not IReadOnlyDictionary<string, float[]> values) return mapped.Map(_ => Seq<string>());
        var unfilled = state.Keys.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal) && !values.ContainsKey(k)).ToArray();
        if (unfilled.Length > 0) return Error.New($"internal: the {layout.Model} Keras layout leaves {string.Join(", ", unfilled)} unset");
        using (no_grad())
        {
            foreach (var (key, data) in values)
            {
                using var source = tensor(data, shapes[key]);
                state[key].copy_(source);
            }
        }
        return layout.Layers.SelectMany(l => l.Weights.Select(w => $"{l.Kind} #{layout.Layers.Where(x => x.Kind == l.Kind).ToList().IndexOf(l) + 1} ({l.DefaultName}) {(w.Owner is null ? "" : $"{w.Owner} #{w.OwnerRank + 1} ")}{w.Variable} -> {w.Ours}")).ToSeq();
    }

    /// <summary>What a whole-model file's configuration says against the model we build: its input (mels × frames, one
    /// channel), its output units, each BatchNormalization's epsilon. A weights-only file has no configuration.</summary>
    public static Seq<string> ConfigProblems(KerasWeightsFile file, ModelShape shape)
    {
        if (file.ModelConfig.Case is not JsonElement config) return Seq<string>();
        var problems = new List<string>();
        if (!config.TryGetProperty("config", out var body) || !body.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            return Seq<string>();
        foreach (var layer in layers.EnumerateArray())
        {
            if (!layer.TryGetProperty("class_name", out var cls) || !layer.TryGetProperty("config", out var c)) continue;
            string name = c.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?";
            switch (cls.GetString())
            {
                case "InputLayer" when c.TryGetProperty("batch_input_shape", out var input) && input.GetArrayLength() == 4:
                    var dims = input.EnumerateArray().Skip(1).Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt32() : -1).ToArray();
                    if (dims[0] != shape.Mels || dims[1] != shape.Frames || dims[2] != 1)
                        problems.Add($"its input is {dims[0]}×{dims[1]}×{dims[2]} (mels × frames × channels), the parameters make {shape.Mels}×{shape.Frames}×1 " +
                                     "(set n_mels, hop_length, audio_length or the preset to match how the model was trained)");
                    break;
                case "BatchNormalization" when c.TryGetProperty("epsilon", out var eps) && Math.Abs(eps.GetDouble() - KerasBatchNormEpsilon) > 1e-12:
                    problems.Add($"layer '{name}' has BatchNormalization epsilon {eps.GetDouble()}; ours is Keras' default {KerasBatchNormEpsilon}, which the original uses");
                    break;
                case "Dense" when c.TryGetProperty("units", out var units) && units.GetInt32() != shape.Outputs:
                    problems.Add($"its Dense layer '{name}' has {units.GetInt32()} output(s), the task has {shape.Outputs}");
                    break;
            }
        }
        return problems.ToSeq();
    }
}
