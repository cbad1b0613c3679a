using DataflowLung.Model.Checkpoints;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp.PyBridge;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Export.PyTorch;

/// <summary>Writes a trained network's state_dict for PyTorch through TorchSharp.PyBridge, with the keys renamed
/// by <see cref="PyTorchKeys"/>: a <c>.pt</c> file (torch.load) or, for a <c>.safetensors</c> path, safetensors.
/// bench/anchors/check_export.py loads it into the PyTorch classes and compares probabilities.</summary>
public static class StateDictExport
{
    /// <summary>The renamed state_dict (tensors are the network's own; do not dispose them).</summary>
    public static Fin<Dictionary<string, Tensor>> Renamed(nn.Module network, string model)
    {
        if (!PyTorchKeys.Knows(model)) return FinFail<Dictionary<string, Tensor>>(Error.New($"no PyTorch key map for model '{model}'"));
        var renamed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var unmapped = new List<string>();
        foreach (var (key, tensor) in network.state_dict())
        {
            if (PyTorchKeys.Map(model, key) is { } name) renamed[name] = tensor;
            else unmapped.Add(key);
        }
        return unmapped.Count == 0
            ? FinSucc(renamed)
            : FinFail<Dictionary<string, Tensor>>(Error.New($"{model}: no PyTorch name for {string.Join(", ", unmapped)} (update src/Export/PyTorch/PyTorchKeys.cs)"));
    }

    public static Fin<string> Write(nn.Module network, CheckpointInfo info, string path) =>
        Renamed(network, info.Model).Bind(stateDict => Save(path, stateDict));

    /// <summary>Saves named tensors as a PyTorch pickle (<c>.pt</c>) or safetensors file, through a temporary file.</summary>
    public static Fin<string> Save(string path, Dictionary<string, Tensor> tensors)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var tmp = full + ".tmp";
            if (full.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) Safetensors.SaveStateDict(tmp, tensors);
            else PyTorchPickler.PickleStateDict(tmp, tensors);
            File.Move(tmp, full, overwrite: true);
            return FinSucc(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<string>(Error.New($"{path}: cannot write ({e.Message})"));
        }
    }
}
