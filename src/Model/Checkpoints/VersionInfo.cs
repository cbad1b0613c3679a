using System.Reflection;
using TorchSharp;

namespace DataflowLung.Model.Checkpoints;

/// <summary>Versions of everything that shaped a checkpoint, so a result can be traced and reproduced.</summary>
public sealed record VersionInfo(string TorchSharp, string LibTorch, string DotNet, string App)
{
    public static VersionInfo Current() => new(
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        torch.__version__,
        Environment.Version.ToString(),
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
}
