using DataflowLung.Model.Checkpoints;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>Where a trained model's files are, from what a user passes to <c>--model</c>: a job folder (its
/// model.pt + model.json), a checkpoint folder, or the model.pt file itself (its sidecar beside it).</summary>
public static class ModelLocation
{
    public static Fin<string> Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return FinFail<string>(Error.New("--model is empty: give a job folder, a checkpoint folder or a model.pt"));
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            return Path.GetExtension(full) == ".pt" && File.Exists(Path.Combine(Path.GetDirectoryName(full)!, CheckpointStore.InfoFile))
                ? FinSucc(Path.GetDirectoryName(full)!)
                : FinFail<string>(Error.New($"--model {full}: expected a model.pt with its {CheckpointStore.InfoFile} sidecar beside it, or a job folder"));
        if (!Directory.Exists(full))
            return FinFail<string>(Error.New($"--model {full}: no such file or folder"));
        foreach (var candidate in new[] { full, Path.Combine(full, "checkpoints", "best") })
            if (File.Exists(Path.Combine(candidate, CheckpointStore.ModelFile)) && File.Exists(Path.Combine(candidate, CheckpointStore.InfoFile)))
                return FinSucc(candidate);
        return FinFail<string>(Error.New($"--model {full}: holds no {CheckpointStore.ModelFile} + {CheckpointStore.InfoFile} (a job folder, or a checkpoint folder)"));
    }
}
