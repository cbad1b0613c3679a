using System.IO.Compression;
using System.Security.Cryptography;
using DataflowLung.Export.Onnx;
using DataflowLung.Export.PyTorch;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Tests.Runner;
using DataflowLung.Tests.Support;
using Google.Protobuf;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Export;

/// <summary>Every registered export of every model is byte for byte the recorded one (Fixtures/export_hashes.txt):
/// a refactoring of the exporters or of how models describe themselves must not change a single byte. The weights are
/// filled from an integer hash, not from libtorch's generators, so the bytes are the same on every CPU. After a
/// deliberate change of an export, record the new hashes with <c>DATAFLOWLUNG_RECORD_EXPORTS=1</c>.</summary>
public sealed class ExportGoldenTests
{
    const string RecordVariable = "DATAFLOWLUNG_RECORD_EXPORTS";

    static string FixturePath => Path.Combine(TestData.RepositoryRoot, "tests", "Export", "Fixtures", "export_hashes.txt");

    /// <summary>model → feature and chunk sizes (model9 on a smaller chunk, as in <see cref="OnnxExportTests"/>).</summary>
    static (FeatureParams, ChunkParams) Sizes(string model) => model == "model9"
        ? (FeatureParams.Default with { NMels = 64 }, new ChunkParams(AudioLengthSeconds: 2.5))
        : (FeatureParams.Default, new ChunkParams());

    static readonly string[] Models = ["mixednet", "model9", "tiny"];

    [Fact]
    public void Onnx_and_pytorch_exports_are_byte_identical_to_the_recorded_ones()
    {
        using var tmp = new TempFolder();
        var actual = Models.SelectMany(m => Hashes(m, tmp)).ToArray();
        if (Environment.GetEnvironmentVariable(RecordVariable) == "1")
        {
            File.WriteAllLines(FixturePath, actual);
            return;
        }
        Assert.Equal(File.ReadAllLines(FixturePath).Where(l => l.Length > 0), actual);
    }

    static IEnumerable<string> Hashes(string model, TempFolder tmp)
    {
        var (features, chunks) = Sizes(model);
        var info = ExportFixtures.Info(model, TaskRegistry.CracklesWheezes, features, chunks)
            with { Versions = new VersionInfo("torchsharp", "libtorch", "dotnet", "app") };
        using var network = ModelRegistry.Find(model).ThrowIfFail().Create(info.Shape, seed: 1);
        Fill(network);
        yield return $"{model} onnx {Sha(OnnxExporter.Build(network, info, withFrontend: false).ThrowIfFail().ToByteArray())}";
        if (model == "tiny")
            yield return $"{model} onnx-frontend {Sha(OnnxExporter.Build(network, info, withFrontend: true).ThrowIfFail().ToByteArray())}";
        var stateDict = StateDictExport.Renamed(network, model).ThrowIfFail();
        foreach (var extension in new[] { "pt", "safetensors" })
        {
            var path = StateDictExport.Save(tmp.Combine($"{model}.{extension}"), stateDict).ThrowIfFail();
            yield return $"{model} {extension} {Sha(extension == "pt" ? ZipEntries(path) : File.ReadAllBytes(path))}";
        }
    }

    /// <summary>Every parameter and buffer set from a splitmix64 stream: distinct values everywhere (so a tensor mapped
    /// to the wrong place changes the bytes), positive variances, and no floating-point library involved.</summary>
    static void Fill(nn.Module network)
    {
        ulong state = 0x9E3779B97F4A7C15;
        using var _ = no_grad();
        foreach (var (name, t) in network.state_dict())
        {
            if (t.dtype == ScalarType.Int64)
            {
                t.fill_((long)(Next(ref state) % 1000));
                continue;
            }
            bool variance = name.EndsWith("running_var", StringComparison.Ordinal);
            var values = new float[t.numel()];
            for (int i = 0; i < values.Length; i++)
            {
                float u = (Next(ref state) >> 40) / (float)(1 << 24); // [0, 1), exact in float32
                values[i] = variance ? 0.5f + u : u - 0.5f;
            }
            using var source = tensor(values, t.shape);
            t.copy_(source);
        }
    }

    static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A .pt file's entries, names and contents in order: the zip's own timestamps change from run to run.</summary>
    static byte[] ZipEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var all = new MemoryStream();
        foreach (var entry in zip.Entries)
        {
            all.Write(System.Text.Encoding.UTF8.GetBytes(entry.FullName + "\n"));
            using var content = entry.Open();
            content.CopyTo(all);
        }
        return all.ToArray();
    }

    static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
