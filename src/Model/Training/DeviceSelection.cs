using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Training;

/// <summary>Turns a <c>--device</c> value into a torch device, failing clearly when CUDA is not there.</summary>
public static class DeviceSelection
{
    public static Fin<torch.Device> Resolve(string device) => device.ToLowerInvariant() switch
    {
        "cpu" => FinSucc(torch.CPU),
        "cuda" => torch.cuda.is_available()
            ? FinSucc(torch.CUDA)
            : FinFail<torch.Device>(Error.New("--device cuda: TorchSharp-cpu has no CUDA backend (or no CUDA device is visible); " +
                                              "build against the TorchSharp-cuda package on a machine with an NVIDIA GPU, or use --device cpu")),
        _ => FinFail<torch.Device>(Error.New($"--device '{device}': expected cpu or cuda")),
    };
}
