using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Pipeline.Synthetic;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Stages;

/// <summary>A small synthetic corpus (ICBHI + Jordan layouts, 3–4.5 s recordings at 4 and 44.1 kHz) written once
/// for the stage tests, with the small job parameters they share: 2 s chunks every 1 s, 32 mels.</summary>
public sealed class StageCorpus : IDisposable
{
    public static readonly ChunkParams Chunks = new(AudioLengthSeconds: 2, StepSeconds: 1);
    public static readonly FeatureParams Features = new(SampleRate: 8000, NFft: 256, HopLength: 128, NMels: 32);

    public StageCorpus()
    {
        Root = Directory.CreateTempSubdirectory("dfl-stages-").FullName;
        Info = SyntheticCorpus.Generate(Root, new SyntheticCorpusParams(Seed: 11, IcbhiPatients: 4, JordanPatients: 3,
            PneumoniaFraction: 0.34, IcbhiRecordingsPerPatient: 2, MinSeconds: 3, MaxSeconds: 4.5));
        var scans = DatasetRegistry.ScanAll(Root, "icbhi,jordan", new DatasetOptions()).ThrowIfFail();
        Icbhi = scans[0].Recordings;
        Jordan = scans[1].Recordings;
    }

    public string Root { get; }
    public SyntheticCorpusInfo Info { get; }
    public Seq<RecordingRef> Icbhi { get; }
    public Seq<RecordingRef> Jordan { get; }
    public Seq<RecordingRef> All => Icbhi + Jordan;

    public static StageParams Params(LearningTask task, AugmentParams augment) => new(task, Chunks, Features, augment);

    public static IFeatureBackend Backend(StageParams p) => FeatureBackends.Create(FeatureBackendKind.Cpu, p.Features, p.ClipSamples);

    /// <summary>One window holding the whole epoch, so window-level plans can be checked against the whole set.</summary>
    public static FlowParams Flow(long seed = 5) => new(BatchSize: 8, ValidationBatchSize: 8, FeatureBatchSize: 8, ShuffleWindow: 4096, Seed: seed,
        Parallelism: new FlowParallelism(2, 1, 2, 2, 1, 1));

    /// <summary>A file with a .wav name that is not a WAV.</summary>
    public RecordingRef Corrupt(string name = "999_1b1_Al_sc_Meditron")
    {
        string path = Path.Combine(Root, name + ".wav");
        File.WriteAllText(path, "this is not a RIFF file, just text");
        return new RecordingRef(IcbhiAdapter.Name, path, name, "999", new RecordingLabels(0), Some(Seq<CycleAnnotation>()));
    }

    public static async Task<(List<Batch> Batches, FlowReport Report)> RunEpoch(DataFlow flow, IReadOnlyList<RecordingRef> recordings, int epoch, bool training)
    {
        await using var run = flow.Epoch(recordings, epoch, training);
        var batches = new List<Batch>();
        await foreach (var batch in run) batches.Add(batch);
        return (batches, await run.Completion);
    }

    /// <summary>Original chunks of a run (augmented samples carry their kind in the name, originals do not), with labels.</summary>
    public static List<(string Name, float[] Labels, RecordingRef Recording)> Originals(IEnumerable<Batch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Size)
                .Select(i => (Name: b.ChunkNames[i], Labels: b.Labels.AsSpan(i * b.Outputs, b.Outputs).ToArray(), Recording: b.Recordings[i])))
            .Where(x => !x.Name.Contains('('))
            .ToList();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
