using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline.Datasets;
using Google.Protobuf;
using LanguageExt;
using LanguageExt.Common;
using Onnx;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Export.Onnx;

/// <summary>Builds the ONNX model (IR 8, opset 17) of a trained network: input the log-mel chunk
/// <c>log_mel</c> [N, 1, mels, frames] (or, with the front-end, 8 kHz <c>audio</c> [N, samples]), output the
/// <c>probabilities</c> [N, outputs] (sigmoid per output, softmax over the classes of the cycles tasks); the front-end
/// variant also outputs its <c>log_mel</c> features (the torch frame convention only: Kaldi fbank frames are not built).
/// The checkpoint sidecar and the feature parameters go into <c>metadata_props</c> (<see cref="OnnxMetadata"/>).</summary>
public static class OnnxExporter
{
    public const long IrVersion = 8;
    public const long Opset = 17;
    public const string LogMelName = "log_mel";
    public const string AudioName = "audio";
    public const string ProbabilitiesName = "probabilities";
    public const string FeaturesName = "log_mel_features";

    public static Fin<ModelProto> Build(nn.Module network, CheckpointInfo info, bool withFrontend)
    {
        int clip = Chunker.WindowSamples(info.Features.SampleRate, info.Chunks);
        if (withFrontend && info.Features.Convention != FrameConvention.Torch)
            return FinFail<ModelProto>(Error.New($"--with-frontend builds the torch frame convention only; this model's features use the {info.Features.Convention} convention (export without the front-end and compute features in the app)"));
        if (withFrontend && info.Features.Frames(clip) != info.Frames)
            return FinFail<ModelProto>(Error.New($"the model takes {info.Frames} frames but {clip} samples give {info.Features.Frames(clip)}: cannot add the front-end"));
        var g = new OnnxGraphBuilder();
        g.Graph.Name = $"dataflowlung_{info.Model}_{info.Task.ToString().ToLowerInvariant()}";
        try
        {
            string features;
            if (withFrontend)
            {
                g.Graph.Input.Add(OnnxGraphBuilder.FloatValue(AudioName, "N", null, clip));
                features = g.NodeNamed("Identity", FeaturesName, [FrontendGraph.LogMel(g, info.Features, AudioName)]);
                g.Graph.Output.Add(OnnxGraphBuilder.FloatValue(FeaturesName, "N", null, 1, info.Mels, info.Frames));
            }
            else
            {
                g.Graph.Input.Add(OnnxGraphBuilder.FloatValue(LogMelName, "N", null, 1, info.Mels, info.Frames));
                features = LogMelName;
            }
            bool wasTraining = network.training;
            network.eval();
            try
            {
                using var _ = no_grad();
                g.NodeNamed(info.Task.Activation.ToString(), ProbabilitiesName, [new NetworkGraph(g).Logits(network, features)]);
            }
            finally
            {
                network.train(wasTraining);
            }
            g.Graph.Output.Insert(0, OnnxGraphBuilder.FloatValue(ProbabilitiesName, "N", null, info.Outputs));
        }
        catch (ExportException e)
        {
            return FinFail<ModelProto>(Error.New($"cannot export {info.Model}: {e.Message}"));
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "DataflowLung",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = $"{info.Model} for {info.Task} ({string.Join(", ", info.Task.OutputNames)}); {info.Task.Activation.ToString().ToLowerInvariant()} probabilities per chunk.",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in OnnxMetadata.For(info, withFrontend, clip))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return FinSucc(model);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (through a temporary file).</summary>
    public static Fin<string> Write(ModelProto model, string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            DataflowLung.Pipeline.IO.AtomicFile.Write(full, tmp =>
            {
                using var stream = File.Create(tmp);
                model.WriteTo(stream);
            });
            return FinSucc(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<string>(Error.New($"{path}: cannot write the model ({e.Message})"));
        }
    }
}
