using System.CommandLine;
using System.Text.Json.Nodes;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Runner.CrossValidation;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Jobs;
using DataflowLung.Runner.Parameters;
using DataflowLung.Runner.Splits;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli;

/// <summary><c>runner evaluate --job JOB_DIR</c>, the original's validation-only mode: the job's saved best model
/// re-scored on exactly the job's own validation split, as its split.json recorded it (patients, recordings and
/// their content hashes). The data root is <c>--data-root</c>, else the one the job's params.json names; a
/// validation recording that is gone or changed is refused, recordings added since are ignored with a warning.
/// The result is a new evaluate job folder, as for held-out data.</summary>
public static class EvaluateJob
{
    public static async Task<int> RunAsync(string jobDirectory, ParseResult r, JobOptions options, CliContext ctx, CancellationToken ct)
    {
        var dir = Path.GetFullPath(jobDirectory);
        int Refuse(string problem, int code) => ParameterErrors.Report(ctx.Error, $"cannot evaluate job {jobDirectory}:", Seq1(problem), code);
        if (File.Exists(Path.Combine(dir, FoldsRecord.FileName)))
            return Refuse($"{dir} is a cross-validation folder; evaluate one of its folds ({Path.Combine(dir, "fold_0")}, ...)", ExitCodes.BadArguments);
        if (r.GetValue(options.Datasets) is not null || r.GetValue(options.Config) is not null || r.GetValue(options.Set) is { Length: > 0 })
            return Refuse("--datasets, --config and --set cannot be combined with --job: the job's params.json and split.json fix the data", ExitCodes.BadArguments);
        var paramsFile = Path.Combine(dir, "params.json");
        if (!File.Exists(paramsFile)) return Refuse($"{paramsFile} not found (is {dir} a job folder?)", ExitCodes.MissingData);
        var split = SplitRecord.Read(dir);
        if (split.IsFail)
            return Refuse(((Error)split).Message + " (a job folder from before jobs recorded their split: evaluate it with --model and --datasets instead)", ExitCodes.MissingData);
        var loaded = Predictor.Load(dir, r.GetValue(options.Device) ?? "cpu");
        if (loaded.IsFail) return Refuse("cannot load the model: " + ((Error)loaded).Message, ExitCodes.MissingData);
        using var predictor = (Predictor)loaded;

        JsonNode? savedPaths;
        try { savedPaths = JsonNode.Parse(File.ReadAllText(paramsFile))?["paths"]; }
        catch (System.Text.Json.JsonException e) { return Refuse($"{paramsFile} is not valid JSON: {e.Message}", ExitCodes.MissingData); }
        var root = r.GetValue(options.DataRoot) is { } given
            ? new DataRoot(given, "--data-root")
            : new DataRoot(savedPaths?["data_root"]?.GetValue<string>() ?? "data", $"the data_root recorded in {paramsFile}");
        var outRoot = r.GetValue(options.Out) ?? savedPaths?["out_root"]?.GetValue<string>() ?? "runs";
        var overrides = Seq(("features_backend", r.GetValue(options.Features)), ("device", r.GetValue(options.Device)))
            .Filter(x => x.Item2 is not null).Map(x => (x.Item1, x.Item2!));
        var resolved = ParameterResolver.Resolve(new ParameterSources(predictor.Info.Task, Some(paramsFile), overrides, root.Path, outRoot));
        if (resolved.IsLeft) return ParameterErrors.Report(ctx.Error, $"cannot evaluate job {jobDirectory}: {paramsFile}:", resolved.LeftToSeq().Bind(x => x), ExitCodes.BadArguments);
        var saved = resolved.RightToSeq().Head();
        var p = saved with
        {
            Features = predictor.Info.Features, Chunk = predictor.Info.Chunks, Train = predictor.Info.Train,
            Paths = new JobPaths(root.Path, outRoot, None),
        };
        var missing = root.Check(p.Datasets);
        if (!missing.IsEmpty) return ParameterErrors.Report(ctx.Error, "input data not found:", missing, ExitCodes.MissingData);

        var record = (SplitRecord)split;
        var source = Path.Combine(dir, SplitRecord.FileName);
        var fingerprints = new RecordingFingerprints();
        JobData.Splitter validationOnly = scans => record.ReuseValidation(scans, p.Task, root.Path, fingerprints, source);
        return await EvaluationStart.RunAsync(p,
            [$"re-scoring the best model of {dir} ({predictor.Info.Model}, epoch {predictor.Info.Epoch}) on its own validation split: " +
             $"{record.Validation.Patients.Count} patients, {record.Validation.Recordings.Count} recordings"], ctx,
            (folder, log) => EvaluationRun.RunAsync(predictor, p, root, folder, log, ct, validationOnly, dir));
    }
}
