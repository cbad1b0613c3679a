using DataflowLung.Export.Onnx;
using DataflowLung.Model.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Data;

/// <summary>The model behind <c>predict --engine</c>: TorchSharp on the checkpoint (<c>torch</c>), or ONNX Runtime on
/// an exported <c>model.onnx</c> (<c>onnx</c>, no libtorch needed: the file, or a job/checkpoint folder holding one).</summary>
public static class Scorers
{
    public const string Torch = "torch";
    public const string Onnx = "onnx";
    public const string OnnxFile = "model.onnx";

    /// <summary>The scorer of <paramref name="engine"/>; the torch engine folds BatchNorms into their neighbours unless
    /// <paramref name="foldBatchNorm"/> is false (<see cref="DataflowLung.Model.Models.BatchNormFolding"/>).</summary>
    public static Fin<IChunkScorer> Load(string modelPath, string engine, string device, bool foldBatchNorm = true) => engine switch
    {
        Onnx when device != "cpu" => FinFail<IChunkScorer>(Error.New($"--engine onnx runs on the CPU (Microsoft.ML.OnnxRuntime); --device {device} is for --engine torch")),
        Onnx => from file in OnnxLocation(modelPath) from scorer in OnnxScorer.Load(file) select (IChunkScorer)scorer,
        _ => from dir in ModelLocation.Resolve(modelPath) from predictor in Predictor.Load(dir, device, foldBatchNorm) select (IChunkScorer)predictor,
    };

    /// <summary>A .onnx file as given, or <c>model.onnx</c> in the checkpoint folder <see cref="ModelLocation"/> finds.</summary>
    public static Fin<string> OnnxLocation(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            return Path.GetExtension(full) == ".onnx" ? FinSucc(full) : FinFail<string>(Error.New($"--model {full}: --engine onnx expects a .onnx file or a job folder"));
        return ModelLocation.Resolve(full).Bind(dir => File.Exists(Path.Combine(dir, OnnxFile))
            ? FinSucc(Path.Combine(dir, OnnxFile))
            : FinFail<string>(Error.New($"--model {full}: no {OnnxFile} in {dir}; run `runner export --model {path} --format onnx` first")));
    }
}
