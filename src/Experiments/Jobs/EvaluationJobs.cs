using DataflowLung.Pipeline.Tasks;
using System.Text.Json.Nodes;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Splits;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary><c>runner evaluate</c>, both forms, each a new job folder under <c>OUT/&lt;task&gt;/evaluate/</c>
/// (<see cref="JobStart"/>) scored by <see cref="EvaluationRun"/>:
/// <list type="bullet">
/// <item><see cref="ModelAsync"/>: a trained model on every recording of the given datasets (held-out data). The task,
/// sample rate, chunking and features are the model's own (from its sidecar).</item>
/// <item><see cref="JobAsync"/>, the original's validation-only mode: a job's saved best model re-scored on exactly the job's
/// own validation split, as its split.json recorded it (patients, recordings and their content hashes). The data root is
/// <c>--data-root</c>, else the one the job's params.json names; a validation recording that is gone or changed is refused,
/// recordings added since are ignored with a warning.</item>
/// </list></summary>
public static class EvaluationJobs
{
    /// <summary>Options of the command line that change how a model is run, not what it is.</summary>
    public sealed record RunOptions(Option<string> Device, Option<string> Features)
    {
        public string DeviceOrCpu => Device.IfNone("cpu");
    }

    public static async Task<JobOutcome> ModelAsync(string model, JobRequest request, RunOptions run, JobHost host, CancellationToken ct)
    {
        var loaded = from dir in ModelLocation.Resolve(model) from m in Predictor.Load(dir, run.DeviceOrCpu) select m;
        if (loaded.Case is not Predictor predictor) return new JobOutcome.BadInput("cannot load the model:", Seq1(loaded.Match(_ => "", e => e.Message)));
        using var held = predictor;
        var prepared = JobSetup.Prepare(request, predictor.Info.Task, host.Environment);
        return await prepared.Match(
            Succ: s =>
            {
                // The model fixes how its inputs are made; the config may only choose data and backends.
                var p = s.Parameters with { Features = predictor.Info.Features, Chunk = s.Parameters.PredictionChunks(predictor.Info.Chunks), Train = predictor.Info.Train };
                return JobStart.NewAsync(EvaluateGroup(p), p, s.Root, host, [$"model {model} ({predictor.Info.Model}, {p.Task.Name})"],
                    c => EvaluationRun.RunAsync(predictor, c), ct);
            },
            Fail: e => Task.FromResult(JobError.Outcome(e, "cannot evaluate:")));
    }

    /// <param name="dataOptionsGiven">Whether --datasets, --config or --set were given: the job's own files fix the data.</param>
    public static async Task<JobOutcome> JobAsync(string jobDirectory, JobRequest request, bool dataOptionsGiven, RunOptions run, JobHost host, CancellationToken ct)
    {
        var dir = Path.GetFullPath(jobDirectory);
        JobOutcome Refuse(string problem, bool missing) => missing
            ? new JobOutcome.MissingData($"cannot evaluate job {jobDirectory}:", Seq1(problem))
            : new JobOutcome.BadInput($"cannot evaluate job {jobDirectory}:", Seq1(problem));
        if (File.Exists(Path.Combine(dir, FoldsRecord.FileName)))
            return Refuse($"{dir} is a cross-validation folder; evaluate one of its folds ({Path.Combine(dir, "fold_0")}, ...)", missing: false);
        if (dataOptionsGiven)
            return Refuse("--datasets, --config and --set cannot be combined with --job: the job's params.json and split.json fix the data", missing: false);
        var paramsFile = Path.Combine(dir, "params.json");
        if (!File.Exists(paramsFile)) return Refuse($"{paramsFile} not found (is {dir} a job folder?)", missing: true);
        var split = SplitRecord.Read(dir);
        if (split.Case is not SplitRecord record)
            return Refuse(split.Match(_ => "", e => e.Message) + " (a job folder from before jobs recorded their split: evaluate it with --model and --datasets instead)", missing: true);
        var loaded = Predictor.Load(dir, run.DeviceOrCpu);
        if (loaded.Case is not Predictor predictor) return Refuse("cannot load the model: " + loaded.Match(_ => "", e => e.Message), missing: true);
        using var held = predictor;

        JsonNode? savedPaths;
        try { savedPaths = JsonNode.Parse(File.ReadAllText(paramsFile))?["paths"]; }
        catch (System.Text.Json.JsonException e) { return Refuse($"{paramsFile} is not valid JSON: {e.Message}", missing: true); }
        var root = request.SavedRoot(savedPaths?["data_root"]?.GetValue<string>(), paramsFile);
        var outRoot = request.OutOption.IfNone(() => savedPaths?["out_root"]?.GetValue<string>() ?? "runs");
        var overrides = Seq(("features_backend", run.Features), ("device", run.Device))
            .Bind(x => x.Item2.Map(v => (x.Item1, v)).ToSeq());
        var resolved = ParameterResolver.Resolve(new ParameterSources(predictor.Info.Task, Some(paramsFile), overrides, root.Path, outRoot));
        if (resolved.Case is not JobParameters saved)
            return new JobOutcome.BadInput($"cannot evaluate job {jobDirectory}: {paramsFile}:", resolved.Match(_ => Seq<string>(), ParameterResolver.Problems));
        var p = saved with
        {
            Features = predictor.Info.Features, Chunk = predictor.Info.Chunks, Train = predictor.Info.Train,
            Paths = new JobPaths(root.Path, outRoot, None),
        };
        var missingData = root.Check(p.Datasets);
        if (!missingData.IsEmpty) return new JobOutcome.MissingData("input data not found:", missingData);

        var source = Path.Combine(dir, SplitRecord.FileName);
        var fingerprints = new RecordingFingerprints();
        JobData.Splitter validationOnly = scans => record.ReuseValidation(scans, p.Task, root.Path, fingerprints, source);
        return await JobStart.NewAsync(EvaluateGroup(p), p, root, host,
            [$"re-scoring the best model of {dir} ({predictor.Info.Model}, epoch {predictor.Info.Epoch}) on its own validation split: " +
             $"{record.Validation.Patients.Count} patients, {record.Validation.Recordings.Count} recordings"],
            c => EvaluationRun.RunAsync(predictor, c with { Split = validationOnly }, dir), ct);
    }

    private static string EvaluateGroup(JobParameters p) => Path.Combine(p.Paths.OutRoot, p.Task.Name, "evaluate");
}
