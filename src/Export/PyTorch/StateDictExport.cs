using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp.PyBridge;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Export.PyTorch;

/// <summary>Writes a trained network's state_dict for PyTorch through TorchSharp.PyBridge, with the keys renamed
/// by the model's registered PyTorch names (<see cref="ModelFactory.PyTorchNames"/>): a <c>.pt</c> file (torch.load)
/// or, for a <c>.safetensors</c> path, safetensors. bench/anchors/check_export.py loads it into the PyTorch classes
/// and compares probabilities.</summary>
public static class StateDictExport
{
    /// <summary>The renamed state_dict (tensors are the network's own; do not dispose them).</summary>
    public static Fin<Dictionary<string, Tensor>> Renamed(nn.Module network, string model) =>
        ModelRegistry.Find(model).Bind(factory => Renamed(network, model, factory.PyTorchNames));

    private static Fin<Dictionary<string, Tensor>> Renamed(nn.Module network, string model, StateDictNames names)
    {
        var entries = network.state_dict().Select(e => (e.Key, Tensor: e.Value, Name: names.Map(e.Key))).ToArray();
        var unmapped = entries.Where(e => e.Name.IsNone).Select(e => e.Key).ToArray();
        if (unmapped.Length > 0)
            return FinFail<Dictionary<string, Tensor>>(Error.New(
                $"{model}: no PyTorch name for {string.Join(", ", unmapped)} (update the model's PyTorch names in src/Model/Models)"));
        var renamed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (_, tensor, name) in entries) name.IfSome(n => renamed[n] = tensor);
        return FinSucc(renamed);
    }

    public static Fin<string> Write(nn.Module network, CheckpointInfo info, string path) =>
        Renamed(network, info.Model).Bind(stateDict => Save(path, stateDict));

    /// <summary>Saves named tensors as a PyTorch pickle (<c>.pt</c>) or safetensors file, through a temporary file.</summary>
    public static Fin<string> Save(string path, Dictionary<string, Tensor> tensors)
    {
        try
        {
            var full = Path.GetFullPath(path);
            DataflowLung.Pipeline.IO.AtomicFile.Write(full, tmp =>
            {
                if (full.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) Safetensors.SaveStateDict(tmp, tensors);
                else PyTorchPickler.PickleStateDict(tmp, tensors);
            });
            return FinSucc(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<string>(Error.New($"{path}: cannot write ({e.Message})"));
        }
    }
}
