using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Explain;
using DataflowLung.Experiments.Plots;
using DataflowLung.Experiments.Report;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Experiments.Jobs;

/// <summary>What train and evaluate write after the model is fixed: the validation pass through the graph,
/// predictions.csv, the metrics computed from it, the validation plots and example spectrograms, the explanations
/// (Grad-CAM, galleries, per-patient table: <see cref="ExplainCollector"/>) and report.html. <c>stop</c> ends the
/// validation pass early (an <see cref="OperationCanceledException"/>): a stop requested while the outputs are made.</summary>
public static class JobOutputs
{
    public static async Task<Fin<ValidationMetrics>> EvaluateAsync(Predictor predictor, DataFlow flow, Seq<RecordingRef> recordings,
        JobParameters p, JobFolder folder, StageTimer timer, JobLog log, ICollection<SkippedFile> faults, Action<FlowReport> onFlow,
        CancellationToken stop = default)
    {
        var explain = new ExplainCollector(predictor, folder.Directory, p.Task, p.GradCamLayer);
        var pass = await timer.TimeAsync("validation", () =>
            ValidationPass.RunAsync(predictor, flow, recordings.ToArray(), p.Task, p.Chunk, examplesPerClass: 2, stop, explain.Observe));
        if (pass.Case is not ValidationPass.Result result) return pass.Map(_ => default(ValidationMetrics)!);
        if (result.Flow is { } report)
        {
            onFlow(report);
            foreach (var f in report.Faults) faults.Add(new SkippedFile(f.File, f.Reason));
        }
        if (result.Chunks.Count == 0) return Error.New("the validation recordings gave no chunk (all shorter than half a window, or unreadable)");
        return timer.Time("reports", () =>
        {
            var rows = PredictionLevels.FromChunkRows(result.Chunks.Select(c => c.Row).ToArray(), p.Task, p.PatientRule);
            PredictionsCsv.Write(folder.PredictionsCsv, p.Task, rows);
            var val = Scoring.Validation(p.Task, rows, p.EffectiveBootstrap);
            var secondsPerFrame = (double)p.Features.HopLength / p.Features.SampleRate;
            var plots = JobPlots.Validation(folder.Plots, p.Task, rows, val, p.EffectiveBootstrap).Concat(JobPlots.Examples(folder.Plots, result.Examples, secondsPerFrame));
            log.Info($"validation: {result.Chunks.Count} chunks; plots: {string.Join(", ", plots.Select(Path.GetFileName))}");
            var explained = ExplainOutputs.Finish(explain, rows, p, folder.Directory);
            log.Info($"explanations: {string.Join("; ", explained.Outputs.Select(o => $"{o.Output}: {o.GradCamMaps} Grad-CAM maps, galleries " +
                string.Join(", ", o.Galleries.Select(g => $"{g.Kind} {g.Drawn}/{g.Chunks}"))))}; {explained.PatientSpectrograms.Count} patient spectrograms");
            foreach (var problem in explained.Problems) log.Info($"explanations: {problem}");
            return val;
        });
    }

    public static void WriteReport(JobFolder folder, JobReport report, JobLog? log = null)
    {
        var (json, nonFinite) = ReportJson.SerializeCounting(report);
        if (nonFinite > 0) log?.Info(Model.Json.FiniteJson.Note(Path.GetFileName(folder.ReportJson), nonFinite));
        File.WriteAllText(folder.ReportJson, json);
        File.WriteAllText(folder.ReportMarkdown, ReportMarkdown.Render(report));
        File.WriteAllText(Path.Combine(folder.Directory, ReportHtml.FileName), ReportHtml.Render(report, folder.Directory));
    }
}
