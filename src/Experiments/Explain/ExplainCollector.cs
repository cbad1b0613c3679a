using DataflowLung.Pipeline.Tasks;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Explain;

/// <summary>Watches the validation pass of the best model batch by batch and writes, as it goes (no spectrogram is
/// kept beyond its batch, except one running sum per patient):
/// <list type="bullet">
/// <item>Grad-CAM overlays (<c>gradcam/&lt;chunk&gt;__&lt;pred&gt;__&lt;label&gt;.png</c>) for every
/// <see cref="GradCamEvery"/>-th chunk of each patient (the 1st, 11th, … in stream order), as the original did, and
/// for every false positive and false negative;</item>
/// <item>the FP / FN / TP / TN galleries (<c>galleries/fp/&lt;chunk&gt;__&lt;pred&gt;__&lt;label&gt;.png</c>: the
/// spectrogram above its Grad-CAM overlay), at most <see cref="GalleryLimit"/> images each, in stream order;</item>
/// <item>each patient's summed spectrogram, for the per-patient average image.</item>
/// </list>
/// Per output, under <c>explain/</c> (pneumonia) or <c>explain/&lt;output&gt;/</c> (crackles, wheezes). A failure
/// (e.g. a model without a Grad-CAM layer) stops the explanations, is kept in <see cref="Problems"/>, and never fails
/// the validation itself.</summary>
public sealed class ExplainCollector
{
    public const int GradCamEvery = 10;

    private readonly DataflowLung.Model.Explain.CamLayer camLayer;
    public const int GalleryLimit = 100;

    readonly Predictor predictor;
    readonly string jobDirectory;
    readonly IReadOnlyList<string> outputs;
    readonly Dictionary<(string Dataset, string Patient), int> seenPerPatient = [];
    readonly Dictionary<(string Dataset, string Patient), (double[] Sum, int Count)> patientSums = [];
    readonly Dictionary<(int Output, ChunkOutcomeKind Kind), int> totals = [];
    readonly Dictionary<(int Output, ChunkOutcomeKind Kind), int> galleryReserved = [];
    readonly Dictionary<(int Output, ChunkOutcomeKind Kind), List<GalleryEntry>> galleries = [];
    readonly int[] gradCamMaps;
    readonly List<GalleryEntry>[] gradCamSamples;
    readonly List<string> problems = [];
    int mels, frames;

    /// <summary>A gallery image written, with what the report needs to show it and cut its audio again.</summary>
    public sealed record GalleryEntry(int Output, ChunkOutcomeKind Kind, string Chunk, RecordingRef Recording, float Label, float Probability, string Image);

    public ExplainCollector(Predictor predictor, string jobDirectory, LearningTask task, DataflowLung.Model.Explain.CamLayer camLayer = DataflowLung.Model.Explain.CamLayer.Last)
    {
        this.camLayer = camLayer;
        this.predictor = predictor;
        this.jobDirectory = jobDirectory;
        outputs = task.OutputNames;
        gradCamMaps = new int[outputs.Count];
        gradCamSamples = outputs.Select(_ => new List<GalleryEntry>()).ToArray();
    }

    public IReadOnlyList<string> Outputs => outputs;
    public IReadOnlyList<string> Problems => problems;
    public int Total(int output, ChunkOutcomeKind kind) => totals.GetValueOrDefault((output, kind));
    public IReadOnlyList<GalleryEntry> Gallery(int output, ChunkOutcomeKind kind) => galleries.GetValueOrDefault((output, kind)) ?? [];
    public int GradCamMaps(int output) => gradCamMaps[output];
    public IReadOnlyList<GalleryEntry> GradCamSamples(int output) => gradCamSamples[output];

    /// <summary>Folder of one output's explanations, relative to the job folder.</summary>
    public string OutputFolder(int output) =>
        outputs.Count == 1 ? ExplainManifest.Folder : Path.Combine(ExplainManifest.Folder, outputs[output]);

    /// <summary>Each patient's mean spectrogram, its chunk count, and its mels × frames.</summary>
    public IEnumerable<(string Dataset, string Patient, int Chunks, float[] Mean)> PatientMeans() =>
        patientSums.OrderBy(kv => kv.Key.Dataset, StringComparer.Ordinal).ThenBy(kv => kv.Key.Patient, StringComparer.Ordinal)
            .Select(kv => (kv.Key.Dataset, kv.Key.Patient, kv.Value.Count, kv.Value.Sum.Select(v => (float)(v / kv.Value.Count)).ToArray()));

    public (int Mels, int Frames) Shape => (mels, frames);

    /// <summary>One validation batch and its probabilities (row-major [Size, Outputs]).</summary>
    public void Observe(Batch batch, float[] probabilities)
    {
        (mels, frames) = (batch.Mels, batch.Frames);
        int size = batch.Mels * batch.Frames;
        var every = new bool[batch.Size];
        for (int i = 0; i < batch.Size; i++)
        {
            var key = (batch.Recordings[i].Dataset, batch.Recordings[i].Patient);
            int seen = seenPerPatient.GetValueOrDefault(key);
            seenPerPatient[key] = seen + 1;
            every[i] = seen % GradCamEvery == 0;
            var (sum, count) = patientSums.TryGetValue(key, out var s) ? s : (new double[size], 0);
            var input = batch.Inputs.AsSpan(i * size, size);
            for (int j = 0; j < size; j++) sum[j] += input[j];
            patientSums[key] = (sum, count + 1);
        }
        if (problems.Count > 0) return;
        for (int o = 0; o < outputs.Count; o++)
        {
            var kinds = new ChunkOutcomeKind[batch.Size];
            var inGallery = new bool[batch.Size];
            var wanted = new List<int>();
            for (int i = 0; i < batch.Size; i++)
            {
                kinds[i] = ChunkOutcomeKinds.Of(batch.Labels[i * batch.Outputs + o], probabilities[i * batch.Outputs + o]);
                var key = (o, kinds[i]);
                totals[key] = totals.GetValueOrDefault(key) + 1;
                int reserved = galleryReserved.GetValueOrDefault(key);
                inGallery[i] = reserved < GalleryLimit;
                if (inGallery[i]) galleryReserved[key] = reserved + 1;
                if (every[i] || kinds[i] is ChunkOutcomeKind.FP or ChunkOutcomeKind.FN || inGallery[i]) wanted.Add(i);
            }
            if (wanted.Count == 0) continue;
            var maps = predictor.GradCam(Subset(batch, wanted), o, camLayer);
            if (maps.IsFail)
            {
                problems.Add($"Grad-CAM stopped: {maps.Match(_ => "", e => e.Message)}");
                return;
            }
            var cams = (float[][])maps;
            // The images are drawn and encoded side by side (each is independent); the entries are listed in stream
            // order afterwards, so the report is the same whatever order the files were written in.
            var images = new List<Action>();
            for (int w = 0; w < wanted.Count; w++)
            {
                int i = wanted[w];
                var values = batch.Inputs.AsSpan(i * size, size).ToArray();
                var cam = cams[w];
                float label = batch.Labels[i * batch.Outputs + o], p = probabilities[i * batch.Outputs + o];
                var name = ChunkOutcomeKinds.ImageName(batch.ChunkNames[i], label, p);
                if (every[i] || kinds[i] is ChunkOutcomeKind.FP or ChunkOutcomeKind.FN)
                {
                    var relative = Path.Combine(OutputFolder(o), "gradcam", name);
                    images.Add(() => ExplainImages.SaveOverlay(Path.Combine(jobDirectory, relative), values, batch.Mels, batch.Frames, cam));
                    gradCamMaps[o]++;
                    if (every[i] && gradCamSamples[o].Count < GalleryLimit)
                        gradCamSamples[o].Add(new GalleryEntry(o, kinds[i], batch.ChunkNames[i], batch.Recordings[i], label, p, relative));
                }
                if (inGallery[i])
                {
                    var relative = Path.Combine(OutputFolder(o), "galleries", kinds[i].Folder(), name);
                    images.Add(() => ExplainImages.SaveGallery(Path.Combine(jobDirectory, relative), values, batch.Mels, batch.Frames, cam));
                    if (!galleries.TryGetValue((o, kinds[i]), out var list)) galleries[(o, kinds[i])] = list = [];
                    list.Add(new GalleryEntry(o, kinds[i], batch.ChunkNames[i], batch.Recordings[i], label, p, relative));
                }
            }
            // A failed write (a full disk) reaches the job's handlers as itself, as when the images were written one by one.
            Plots.ParallelDrawing.Run(images);
        }
    }

    static Batch Subset(Batch b, IReadOnlyList<int> rows)
    {
        int size = b.Mels * b.Frames;
        return new Batch(
            rows.SelectMany(i => b.Inputs.AsSpan(i * size, size).ToArray()).ToArray(), rows.Count, b.Mels, b.Frames,
            rows.SelectMany(i => b.Labels.AsSpan(i * b.Outputs, b.Outputs).ToArray()).ToArray(), b.Outputs,
            rows.Select(i => b.ChunkNames[i]).ToArray(), rows.Select(i => b.Recordings[i]).ToArray());
    }
}
