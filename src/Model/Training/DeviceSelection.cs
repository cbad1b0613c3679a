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
            : FinFail<torch.Device>(Error.New(CudaMissing)),
        _ => FinFail<torch.Device>(Error.New($"--device '{device}': expected cpu or cuda")),
    };

    /// <summary>What is missing for CUDA: the CUDA build of TorchSharp (this build has only the CPU one), or, in a
    /// CUDA build, a visible GPU with its driver.</summary>
    public static string CudaMissing =>
#if DATAFLOWLUNG_CUDA
        "--device cuda: this build uses TorchSharp-cuda-linux but CUDA is not available (no NVIDIA GPU visible, or its driver / " +
        "CUDA runtime is missing: check nvidia-smi and CUDA_VISIBLE_DEVICES); use --device cpu";
#else
        "--device cuda: this build references TorchSharp-cpu, which has no CUDA backend. Rebuild with " +
        "`dotnet build -c Release -p:DataflowLungCuda=true` where your NuGet feed serves TorchSharp-cuda-linux (docs/export.md, CUDA), " +
        "on a machine with an NVIDIA GPU and driver; or use --device cpu";
#endif
}
