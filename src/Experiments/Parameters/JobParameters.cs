using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Everything one job runs with, resolved once (defaults → JSON config → command line) and then
/// passed down explicitly; printed at start and saved as <c>params.json</c>. The component records keep
/// the original system's defaults; the paths say where data came from and where results go. <see cref="Preset"/>
/// names the preset the job started from (<see cref="Presets"/>); <see cref="PatientRule"/> how chunk predictions
/// become a patient's in the report. <see cref="MinRecordingSeconds"/>: predict and evaluate predict a recording
/// shorter than one window from one padded chunk down to this length, and report shorter ones as too short.</summary>
public sealed record JobParameters(
    LearningTask Task,
    Seq<string> Datasets,
    bool Testing,
    int TestingRecordingsPerDataset,
    FeatureBackendChoice Backend,
    DatasetOptions DatasetOptions,
    ChunkParams Chunk,
    FeatureParams Features,
    SplitParams Split,
    AugmentParams Augment,
    TrainParams Train,
    FlowParams Flow,
    JobPaths Paths,
    string Preset = Presets.DefaultName,
    PatientRule PatientRule = PatientRule.Mean,
    double MinRecordingSeconds = 1.0,
    DataflowLung.Model.Explain.CamLayer GradCamLayer = DataflowLung.Model.Explain.CamLayer.Last)
{
    /// <summary>The original's defaults for a task: ICBHI + Jordan, mixednet, seed 12, 10 s / 5 s windows,
    /// 8 kHz, n_fft 1024, hop 256, 128 mels, 80/20 patient split, Adam 1e-3, batch 16; datasets, chunks, features and
    /// split as the task starts from them (<see cref="LearningTask.Defaults"/>: the cycles tasks follow the ICBHI papers).</summary>
    public static JobParameters Defaults(LearningTask task) => new(
        Task: task,
        Datasets: task.Defaults.Datasets,
        Testing: false,
        TestingRecordingsPerDataset: 24,
        Backend: FeatureBackendChoice.Auto,
        DatasetOptions: new DatasetOptions(),
        Chunk: task.Defaults.Chunk,
        Features: task.Defaults.Features,
        Split: task.Defaults.Split,
        Augment: AugmentParams.Default,
        Train: new TrainParams(),
        Flow: new FlowParams(CacheRoot: Data.CacheLocation.Default(Environment.GetEnvironmentVariable)),
        Paths: JobPaths.Unset);

    /// <summary>The patient bootstrap behind every reported interval (its seed is the job's <c>seed</c>).</summary>
    public BootstrapParams Bootstrap { get; init; } = new();

    /// <summary>Whether the job writes a TensorBoard event file into its folder (<see cref="TensorBoard.TensorBoardLog"/>).</summary>
    public bool TensorBoard { get; init; } = true;

    /// <summary>Whether the job also fits and reports the trivial baseline (<c>baseline</c>: on|off; <see cref="Jobs.BaselineRun"/>).</summary>
    public bool Baseline { get; init; } = true;

    public BootstrapParams EffectiveBootstrap => Bootstrap with { Seed = Train.Seed };

    /// <summary>The graph's parameters for this job: the training batch size and seed come from the training parameters.</summary>
    public FlowParams EffectiveFlow => Flow with { BatchSize = Train.BatchSize, Seed = Train.Seed };

    /// <summary>How predict and evaluate chunk a model's inputs: the model's own chunking, plus one padded chunk for a
    /// recording shorter than a window down to <see cref="MinRecordingSeconds"/> (training keeps the original's rule).</summary>
    public ChunkParams PredictionChunks(ChunkParams modelChunks) => modelChunks with { ShortRecordingMinSeconds = MinRecordingSeconds };

    /// <summary>Why a recording of <paramref name="seconds"/> gets no prediction, when it is shorter than the minimum.</summary>
    public Option<string> TooShort(double seconds) =>
        seconds < MinRecordingSeconds
            ? Some(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"too short: {seconds:0.###} s; the minimum is {MinRecordingSeconds:0.###} s (min_recording_length)"))
            : None;

    /// <summary>Name of the folder grouping jobs of one config: the config's name, <c>_testing</c> appended in testing mode.</summary>
    public string ConfigFolderName => Testing ? $"{Paths.ConfigName}_testing" : Paths.ConfigName;
}

/// <summary>Where a job reads and writes: the data root (one sub-folder per dataset), the output root, and
/// the config file the parameters came from (its name, without extension, names the job group).</summary>
public sealed record JobPaths(string DataRoot, string OutRoot, Option<string> ConfigFile)
{
    public static JobPaths Unset { get; } = new("data", "runs", None);

    public string ConfigName => ConfigFile.Match(f => System.IO.Path.GetFileNameWithoutExtension(f), () => "default");
}
