using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Predict;

/// <summary><c>runner predict</c>'s work: the probability of each input recording (mean of its chunks', as validation
/// aggregates). Recordings go through the same graph stages as in training (decode, resample, chunk, features), with the
/// sample rate, chunking and feature parameters the model was trained with (from its sidecar); each recording's chunks are
/// cut from its decode stream window by window (<c>ChunkStreaming</c>), so memory does not grow with its length. Every input file gets
/// exactly one row: its probability (a recording shorter than a window from one padded chunk, marked so) or why it has
/// none (unreadable, too short, not a regular file, a repeat). The CLI renders the rows.</summary>
public static class PredictionRun
{
    /// <param name="SignalCacheBytes">The <c>signal_cache_bytes</c> parameter: recordings whose decoded signal is larger
    /// are cut window by window from the decode stream instead of decoded whole (docs/pipeline.md). Default 0: predict
    /// visits each recording once, so nothing is worth holding and every recording streams (the probabilities are the
    /// same either way).</param>
    public sealed record Request(string Model, IReadOnlyList<string> Inputs, string Engine, string Device, bool FoldBatchNorm,
        Option<string> Backend, Option<string> MinLength, Option<string> SignalCacheBytes = default);

    /// <summary>The rows (one per input), the model's output names, and warnings for the error stream.</summary>
    /// <param name="Threshold">The yes/no threshold of a one-score model (<see cref="PredictionThreshold"/>).</param>
    public sealed record Result(IReadOnlyList<InputOutcome> Rows, IReadOnlyList<string> Outputs, Option<PredictionThreshold> Threshold = default)
    {
        public int Missing => Rows.Count(o => !o.Predicted);
    }

    public static async Task<Fin<Result>> RunAsync(Request request, Action<string> warn, CancellationToken ct)
    {
        var loaded = Scorers.Load(request.Model, request.Engine, request.Device, request.FoldBatchNorm);
        if (loaded.Case is not IChunkScorer predictor) return JobError.BadInput("cannot load the model:", loaded.Match(_ => "", e => e.Message));
        using var held = predictor;
        var task = predictor.Info.Task;
        // The model fixes how inputs become features; the command line chooses the backend and the shortest recording.
        var overrides = Seq(("features_backend", request.Backend), ("min_recording_length", request.MinLength),
                ("signal_cache_bytes", Some(request.SignalCacheBytes.IfNone("0"))),
                // Each chunk is seen once: features kept in memory would never be read again (the store, if any, still gets them).
                ("feature_cache_bytes", Some("0")))
            .Bind(o => o.Item2.Map(v => (o.Item1, v)).ToSeq());
        var resolved = ParameterResolver.Resolve(new ParameterSources(task, None, overrides, "data", "runs"));
        if (resolved.Case is not JobParameters defaults) return JobError.BadInput("invalid options:", resolved.Match(_ => Seq<string>(), ParameterResolver.Problems));
        var p = defaults with { Features = predictor.Info.Features, Chunk = defaults.PredictionChunks(predictor.Info.Chunks) };

        var warnings = new RunWarnings();
        var all = InputRecordings.From(request.Inputs, task);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var screened = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var recording in all.Bind(i => i.Recording.ToSeq()))
            AudioProbe.Of(recording.Path).Match(
                Succ: info =>
                {
                    seconds[recording.Path] = info.Seconds;
                    p.TooShort(info.Seconds).IfSome(reason => screened[recording.Path] = reason);
                },
                Fail: e => screened[recording.Path] = "unreadable: " + InputOutcome.WithoutFile(e.Message, recording.Path));
        var toPredict = all.Bind(i => i.Recording.ToSeq()).Filter(r => !screened.ContainsKey(r.Path)).ToArray();

        var result = new ValidationPass.Result([], [], null);
        if (toPredict.Length > 0)
        {
            using var features = JobStages.Backend(p);
            JobStages.SlowBackendWarning(features).IfSome(slow => warn("WARNING: " + slow));
            var built = JobStages.Create(p, features, warnings: warnings);
            if (built.Case is not FlowStages stages) return JobError.Failed("cannot build the pipeline:", built.Match(_ => "", e => e.Message));
            var pass = await ValidationPass.RunAsync(predictor, new DataFlow(stages, p.EffectiveFlow), toPredict, task, p.Chunk, examplesPerClass: 0, ct);
            if (pass.Case is not ValidationPass.Result done) return JobError.Failed("prediction failed:", pass.Match(_ => "", e => e.Message));
            result = done;
        }
        warnings.Flush(warn, _ => { });

        var outputs = task.OutputNames;
        return new Result(InputOutcome.All(all, screened, seconds, result.Chunks, result.Flow?.Faults ?? [], p, outputs.Count, warnings.About).ToArray(), outputs,
            PredictionThreshold.Of(request.Model, task));
    }
}
