using System.Reflection;
using System.Runtime.InteropServices;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Versions that make a job reproducible: this tool, the runtime, the OS and the key libraries.</summary>
public sealed record VersionInfo(string Runner, string DotNet, string Os, string TorchSharp, string Ilgpu)
{
    public static VersionInfo Current { get; } = new(
        Runner: Informational(typeof(VersionInfo).Assembly),
        DotNet: RuntimeInformation.FrameworkDescription,
        Os: RuntimeInformation.OSDescription,
        TorchSharp: Informational(typeof(TorchSharp.torch).Assembly),
        Ilgpu: AssemblyVersionOf("ILGPU"));

    private static string Informational(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? a.GetName().Version?.ToString() ?? "unknown";

    // ILGPU is reached through the Kernels project; read its version without a compile-time reference.
    private static string AssemblyVersionOf(string name)
    {
        try { return Informational(Assembly.Load(name)); }
        catch (FileNotFoundException) { return "not loaded"; }
    }
}
