using DataflowLung.Pipeline.Metrics;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;

namespace DataflowLung.Experiments.Explain;

/// <summary>Finishes the explanation step after the validation pass: the per-patient table (CSV) per output, each
/// patient's average spectrogram, the few gallery chunks the report page shows (the most confident of each gallery:
/// highest probability for FP/TP, lowest for FN/TN) with their audio cut again as WAV, and the manifest
/// (<see cref="ExplainManifest"/>) that report.html reads.</summary>
public static class ExplainOutputs
{
    public const int ShownPerGallery = 4;
    public const int ShownGradCams = 4;

    public static ExplainManifest Finish(ExplainCollector collector, IReadOnlyList<PredictionRow> rows, JobParameters p, string jobDirectory)
    {
        var problems = collector.Problems.ToList();
        var (mels, frames) = collector.Shape;
        var spectrograms = new List<PatientSpectrogram>();
        foreach (var (dataset, patient, chunks, mean) in collector.PatientMeans())
        {
            var relative = Path.Combine(ExplainManifest.Folder, "patients", ChunkOutcomeKinds.SafeName($"{dataset}_{patient}") + ".png");
            ExplainImages.SaveSpectrogram(Path.Combine(jobDirectory, relative), mean, mels, frames);
            spectrograms.Add(new PatientSpectrogram(dataset, patient, chunks, relative));
        }

        var outputs = new List<OutputExplanation>();
        for (int o = 0; o < collector.Outputs.Count; o++)
        {
            var folder = collector.OutputFolder(o);
            var patients = PatientTable.Rows(rows, o);
            var table = Path.Combine(folder, "patients.csv");
            Directory.CreateDirectory(Path.Combine(jobDirectory, folder));
            File.WriteAllText(Path.Combine(jobDirectory, table), PatientTable.Csv(patients));
            var galleries = ChunkOutcomeKinds.All.Select(kind =>
            {
                var entries = collector.Gallery(o, kind);
                var chosen = (kind is ChunkOutcomeKind.FP or ChunkOutcomeKind.TP
                        ? entries.OrderByDescending(e => e.Probability)
                        : entries.OrderBy(e => e.Probability))
                    .Take(ShownPerGallery)
                    .Select(e => Item(e, WithAudio(e, folder, p, jobDirectory, problems)))
                    .ToArray();
                return new GalleryReport(kind.ToString(), collector.Total(o, kind), entries.Count, Path.Combine(folder, "galleries", kind.Folder()), chosen);
            }).ToArray();
            var samples = collector.GradCamSamples(o).Take(ShownGradCams).Select(e => Item(e, null)).ToArray();
            outputs.Add(new OutputExplanation(collector.Outputs[o], galleries, collector.GradCamMaps(o), Path.Combine(folder, "gradcam"),
                samples, table, patients));
        }
        var manifest = new ExplainManifest(outputs, spectrograms, ExplainCollector.GradCamEvery, ExplainCollector.GalleryLimit, problems);
        manifest.Write(jobDirectory);
        return manifest;
    }

    static GalleryItem Item(ExplainCollector.GalleryEntry e, string? audio) =>
        new(e.Chunk, e.Recording.Dataset, e.Recording.Patient, e.Label, e.Probability, e.Image, audio);

    static string? WithAudio(ExplainCollector.GalleryEntry e, string folder, JobParameters p, string jobDirectory, List<string> problems)
    {
        var relative = Path.Combine(folder, "audio", ChunkOutcomeKinds.SafeName(e.Chunk) + ".wav");
        return ChunkAudio.Write(e.Recording, e.Chunk, p.Features.SampleRate, p.Chunk, p.Task, Path.Combine(jobDirectory, relative)).Match(
            Succ: _ => relative,
            Fail: err => { problems.Add($"audio of {e.Chunk}: {err.Message}"); return (string?)null; });
    }
}
