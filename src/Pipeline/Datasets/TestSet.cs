using LanguageExt;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>An official test set a dataset holds out of training (SPRSound's inter- and intra-subject sets): its
/// recordings are neither trained on nor used to choose the model; they are scored once, after training, with the
/// best model. <see cref="Key"/> names it in report.json (<c>test.inter</c>) and in its predictions file.</summary>
public sealed record TestSet(string Part, Seq<RecordingRef> Recordings)
{
    /// <summary>"inter-test" → "inter".</summary>
    public string Key => Part.EndsWith("-test", StringComparison.Ordinal) ? Part[..^"-test".Length] : Part;

    public string PredictionsFile => $"predictions_test_{Key}.csv";
}
