using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Checkpoints;

/// <summary>Checkpoint folders: <c>model.pt</c> (TorchSharp state dict: parameters and BN statistics),
/// <c>model.json</c> (<see cref="CheckpointInfo"/>; non-finite numbers as null) and, for resumable ones, <c>optimizer.pt</c> (Adam's moments
/// and step counts). Files are written under a temporary name and moved into place, so a crash mid-save never
/// leaves a half-written checkpoint behind.</summary>
public static class CheckpointStore
{
    public const string ModelFile = "model.pt";
    public const string InfoFile = "model.json";
    public const string OptimizerFile = "optimizer.pt";

    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), DataflowLung.Model.Json.FiniteJson.Converter },
    };

    public static void Save(string directory, torch.nn.Module model, CheckpointInfo info, TorchSharp.Modules.OptimizerHelper? optimizer = null)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, ModelFile), tmp => model.save(tmp));
        if (optimizer is { } helper)
            WriteAtomically(Path.Combine(directory, OptimizerFile), tmp => helper.save_state_dict(tmp));
        var sealedInfo = info with
        {
            WeightsSha256 = Sha256(Path.Combine(directory, ModelFile)),
            OptimizerSha256 = optimizer is null ? null : Sha256(Path.Combine(directory, OptimizerFile)),
        };
        WriteAtomically(Path.Combine(directory, InfoFile), tmp => File.WriteAllText(tmp, JsonSerializer.Serialize(sealedInfo, Json)));
    }

    /// <summary>Puts checkpoint folders left mid-commit by a stopped run back to the previous epoch (<see cref="EpochCommit.Recover"/>).</summary>
    public static Fin<Unit> Recover(string checkpointsDirectory) => EpochCommit.Recover(checkpointsDirectory);

    /// <summary>The lowercase hex SHA-256 of a file (what <c>sha256sum</c> prints).</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>model.pt against the SHA-256 its model.json recorded (issue 23: flipped bytes in the weights gave
    /// confident predictions). A sidecar without a checksum (older checkpoints) passes.</summary>
    public static Fin<Unit> VerifyWeights(string directory)
    {
        string path = Path.Combine(directory, ModelFile);
        if (!File.Exists(path)) return FinFail<Unit>(Error.New($"{path}: model weights missing"));
        return ReadInfo(directory).Bind(info => MatchesChecksum(path, info.WeightsSha256,
            "the weights are damaged or were replaced; refusing to use them"));
    }

    /// <summary>optimizer.pt against the SHA-256 its model.json recorded, so a resume refuses a foreign or damaged
    /// optimizer state (a model.pt copied over it, random bytes) before any data is scanned, naming the file. Absent
    /// is not an error (a fresh optimizer); a sidecar from before the checksum passes (the load itself is then the check).</summary>
    public static Fin<Unit> VerifyOptimizer(string directory)
    {
        string path = Path.Combine(directory, OptimizerFile);
        if (!File.Exists(path)) return FinSucc(unit);
        return ReadInfo(directory).Bind(info => MatchesChecksum(path, info.OptimizerSha256,
            "not this job's optimizer state (damaged or replaced); delete it to resume with a fresh optimizer"));
    }

    /// <summary>A file against the SHA-256 its sidecar recorded; no recorded checksum passes.</summary>
    static Fin<Unit> MatchesChecksum(string path, string? expected, string consequence)
    {
        if (expected is null) return FinSucc(unit);
        string actual;
        try { actual = Sha256(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<Unit>(Error.New($"{path}: cannot be read ({e.Message})"));
        }
        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
            ? FinSucc(unit)
            : FinFail<Unit>(Error.New($"{path}: its SHA-256 {actual[..12]}… does not match the {expected[..Math.Min(12, expected.Length)]}… recorded in {InfoFile}: {consequence}"));
    }

    public static Fin<CheckpointInfo> ReadInfo(string directory)
    {
        string path = Path.Combine(directory, InfoFile);
        if (!File.Exists(path)) return FinFail<CheckpointInfo>(Error.New($"{path}: no checkpoint sidecar here"));
        try
        {
            return JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(path), Json) is { } info
                ? FinSucc(info)
                : FinFail<CheckpointInfo>(Error.New($"{path}: empty checkpoint sidecar"));
        }
        catch (JsonException e)
        {
            return FinFail<CheckpointInfo>(Error.New($"{path}: not a valid checkpoint sidecar ({e.Message})"));
        }
    }

    /// <summary>Loads model.pt into a freshly built model of the same architecture, after checking it against its
    /// checksum (<see cref="VerifyWeights"/>). Weights that do not fit the architecture model.json names are refused.</summary>
    public static Fin<Unit> LoadWeights(string directory, torch.nn.Module model)
    {
        string path = Path.Combine(directory, ModelFile);
        var verified = VerifyWeights(directory);
        if (verified.IsFail) return verified;
        try
        {
            model.load(path);
            return FinSucc(unit);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // TorchSharp reports a foreign or damaged file with several exception types (plain Exception among them).
            return FinFail<Unit>(Error.New($"{path}: weights do not fit the model ({e.Message})"));
        }
    }

    /// <summary>Restores Adam's state when the checkpoint has one (resume); absent is not an error.</summary>
    public static Fin<bool> LoadOptimizer(string directory, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        string path = Path.Combine(directory, OptimizerFile);
        if (!File.Exists(path)) return FinSucc(false);
        try
        {
            optimizer.load_state_dict(path);
            return FinSucc(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A foreign .pt (another optimizer, a model's state dict, garbage) throws several exception types.
            return FinFail<bool>(Error.New($"{path}: not this job's optimizer state, or damaged ({e.Message}); delete it to resume with a fresh optimizer"));
        }
    }

    private static void WriteAtomically(string path, Action<string> write) => DataflowLung.Pipeline.IO.AtomicFile.Write(path, write);
}
