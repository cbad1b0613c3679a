using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Pipeline.Tasks;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary><c>runner report JOB</c>: report.json, report.md, report.html, predictions.csv and the plots of a finished
/// training job rebuilt from its folder, without training: the same path a resume takes for a report behind its
/// checkpoint (<see cref="ResumeSetup"/> checks params.json, the checkpoints against their checksums, metrics.csv and
/// split.json; the best checkpoint is then scored on the recorded validation split, so the data root must hold the
/// job's recordings). A folder that is not a finished training job, or whose state is damaged, is refused in one line
/// naming the file and the problem; nothing is written into it then.</summary>
public static class ReportRebuild
{
    public static Task<JobOutcome> RunAsync(string jobDirectory, JobRequest request, JobHost host, CancellationToken ct)
    {
        var headline = ResumeSetup.Headline(jobDirectory, reportOnly: true);
        return TaskOf(jobDirectory).Match(
            Left: refused => Task.FromResult(refused),
            Right: task => Training.InCheckedFolderAsync(jobDirectory, headline,
                () => ResumeSetup.Prepare(jobDirectory, request, task, reportOnly: true), host, ct));

        static LanguageExt.Either<JobOutcome, LearningTask> TaskOf(string dir)
        {
            var headline = ResumeSetup.Headline(dir, reportOnly: true);
            JobOutcome Bad(string problem) => new JobOutcome.BadInput(headline, Seq1(problem));
            if (string.IsNullOrWhiteSpace(dir)) return Bad("give the job folder whose report to rebuild");
            var full = Path.GetFullPath(dir);
            if (!Directory.Exists(full)) return new JobOutcome.MissingData(headline, Seq1($"{full} is not a folder"));
            if (File.Exists(Path.Combine(full, FoldsRecord.FileName)))
                return Bad($"{full} is a cross-validation folder ({FoldsRecord.FileName}): rebuild each fold_<i>/ with `runner report`, then the summary with `runner aggregate {dir}`");
            var paramsFile = Path.Combine(full, "params.json");
            if (!File.Exists(paramsFile)) return new JobOutcome.MissingData(headline, Seq1($"{paramsFile} not found: {full} is not a job folder"));
            string? name;
            try { name = JsonNode.Parse(File.ReadAllText(paramsFile))?["task"]?.GetValue<string>(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return Bad($"{paramsFile} is not a job's parameters ({e.Message.ReplaceLineEndings(" ")})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new JobOutcome.MissingData(headline, Seq1($"{paramsFile} cannot be read ({e.Message})"));
            }
            return TaskRegistry.Find(name ?? "").Match<LanguageExt.Either<JobOutcome, LearningTask>>(
                t => t,
                () => Bad($"{paramsFile} names no training task (\"task\": {(name is null ? "missing" : $"\"{name}\"")}; expected {TaskRegistry.NameList})"));
        }
    }
}
