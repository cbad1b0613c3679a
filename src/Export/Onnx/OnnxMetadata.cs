using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Augment;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Export.Onnx;

/// <summary>What an exported model carries in its <c>metadata_props</c>: the whole checkpoint sidecar
/// (<see cref="CheckpointKey"/>, so <c>predict --engine onnx</c> makes features and chunks exactly as in training)
/// and the facts an app needs without parsing it (task, outputs, feature parameters, input kind).</summary>
public static class OnnxMetadata
{
    public const string CheckpointKey = "dataflowlung.checkpoint";
    public const string InputKindKey = "input";
    public const string LogMelInput = "log_mel";
    public const string AudioInput = "audio";

    public static IReadOnlyList<KeyValuePair<string, string>> For(CheckpointInfo info, bool withFrontend, int clipSamples)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var p = info.Features;
        return
        [
            new(CheckpointKey, JsonSerializer.Serialize(info, CheckpointStore.Json)),
            new(InputKindKey, withFrontend ? AudioInput : LogMelInput),
            new("model", info.Model),
            new("task", info.Task.Name),
            new("outputs", string.Join(",", info.Task.OutputNames)),
            new("output_activation", info.Task.Activation.ToString().ToLowerInvariant()),
            new("input_shape", withFrontend ? $"[N,{clipSamples}]" : $"[N,1,{info.Mels},{info.Frames}]"),
            new("sample_rate", p.SampleRate.ToString(CultureInfo.InvariantCulture)),
            new("chunk_seconds", F(info.Chunks.AudioLengthSeconds)),
            new("chunk_samples", clipSamples.ToString(CultureInfo.InvariantCulture)),
            new("n_fft", p.NFft.ToString(CultureInfo.InvariantCulture)),
            new("hop_length", p.HopLength.ToString(CultureInfo.InvariantCulture)),
            new("win_length", p.EffectiveWinLength.ToString(CultureInfo.InvariantCulture)),
            new("center", p.Center ? "true" : "false"),
            new("n_mels", p.NMels.ToString(CultureInfo.InvariantCulture)),
            new("f_min", F(p.FMin)),
            new("f_max", F(p.EffectiveFMax)),
            new("mel_scale", p.MelScale.ToString().ToLowerInvariant()),
            new("mel_norm", p.MelNorm.ToString().ToLowerInvariant()),
            new("power", F(p.Power)),
            new("log", p.Log.ToString().ToLowerInvariant()),
            new("log_epsilon", F(p.LogEpsilon)),
            new("top_db", F(p.TopDb)),
            new("normalize", p.Normalize ? "true" : "false"),
            new("cube_root", p.CubeRoot ? "true" : "false"),
            new("frames", info.Frames.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    /// <summary>The checkpoint sidecar stored in a model's metadata.</summary>
    public static Fin<CheckpointInfo> Checkpoint(string file, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(CheckpointKey, out var json))
            return FinFail<CheckpointInfo>(Error.New($"{file}: not exported by DataflowLung (no '{CheckpointKey}' metadata; export it with `runner export --format onnx`)"));
        try
        {
            return JsonSerializer.Deserialize<CheckpointInfo>(json, CheckpointStore.Json) is { } info
                ? FinSucc(info)
                : FinFail<CheckpointInfo>(Error.New($"{file}: empty '{CheckpointKey}' metadata"));
        }
        catch (JsonException e)
        {
            return FinFail<CheckpointInfo>(Error.New($"{file}: unreadable '{CheckpointKey}' metadata ({e.Message})"));
        }
    }
}
