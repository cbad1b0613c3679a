using System.Text.Json;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Explain;

/// <summary><c>explain/explain.json</c>: what the explanation step wrote into a job folder (paths relative to the
/// folder), so report.html and readers find the galleries, Grad-CAM maps, patient table and patient spectrograms
/// without re-running anything.</summary>
public sealed record ExplainManifest(
    IReadOnlyList<OutputExplanation> Outputs,
    IReadOnlyList<PatientSpectrogram> PatientSpectrograms,
    int GradCamEvery,
    int GalleryLimit,
    IReadOnlyList<string> Problems)
{
    public const string Folder = "explain";
    public const string FileName = "explain.json";

    public static string PathIn(string jobDirectory) => System.IO.Path.Combine(jobDirectory, Folder, FileName);

    public void Write(string jobDirectory)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(jobDirectory, Folder));
        File.WriteAllText(PathIn(jobDirectory), JsonSerializer.Serialize(this, ReportJson.Options));
    }

    /// <summary>The manifest of a job folder, if its explanation step ran.</summary>
    public static ExplainManifest? Read(string jobDirectory) =>
        File.Exists(PathIn(jobDirectory)) ? JsonSerializer.Deserialize<ExplainManifest>(File.ReadAllText(PathIn(jobDirectory)), ReportJson.Options) : null;
}

/// <summary>One model output's explanations (pneumonia has one output; crackles/wheezes two).</summary>
public sealed record OutputExplanation(
    string Output,
    IReadOnlyList<GalleryReport> Galleries,
    int GradCamMaps,
    string GradCamFolder,
    IReadOnlyList<GalleryItem> GradCamSamples,
    string PatientTable,
    IReadOnlyList<PatientRow> Patients);

/// <summary>One gallery (FP, FN, TP or TN): how many validation chunks fell in it, how many images are in its folder
/// (at most the gallery limit), and the few chosen for the report page (the most confident, with their audio).</summary>
public sealed record GalleryReport(string Kind, int Chunks, int Drawn, string Folder, IReadOnlyList<GalleryItem> Shown);

public sealed record GalleryItem(string Chunk, string Dataset, string Patient, float Label, float Probability, string Image, string? Audio);

/// <summary>One row of the per-patient table: the patient's status (its patient-level prediction against its truth),
/// its recordings, its chunks by outcome, the mean chunk probability and the patient score the report's rule gives.</summary>
public sealed record PatientRow(string Dataset, string Patient, string Status, int Recordings, int TN, int FN, int FP, int TP,
    double MeanScore, double PatientScore);

public sealed record PatientSpectrogram(string Dataset, string Patient, int Chunks, string Image);
