using DataflowLung.Pipeline.Tasks;
using System.Text.Json.Nodes;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>The table of every settable parameter, under the original system's key names where it had
/// one. Config files, <c>--set</c> and the named command-line options all resolve through this table, and
/// <c>params.json</c> is written from it, so a saved <c>params.json</c> reads back as a config.</summary>
public static class ParameterKeys
{
    public static IReadOnlyList<ParameterKey> All { get; } =
    [
        // Job. The preset is applied before every other key (docs/runner.md, "Presets").
        new ParameterKey("preset", "start from a preset: default (ours) or original (every value where the original system differs; docs/runner.md)",
            p => JsonValue.Create(p.Preset),
            (p, e) => JsonValues.String(e).Bind(s => Presets.Apply(p, s)),
            Precedence: -1),
        StringList("datasets", "datasets to use, each a sub-folder of the data root",
            p => p.Datasets, (p, v) => p with { Datasets = v.Map(d => d.ToLowerInvariant()) }) with { Choices = KnownDatasets.Choices },
        Text("model", "model architecture", p => p.Train.Model, (p, v) => p with { Train = p.Train with { Model = v } }) with { Choices = KnownModels.Choices },
        Long("seed", "seed for everything random in training (initialisation, shuffling, augmentation) and the bootstrap", p => p.Train.Seed,
            (p, v) => p with { Train = p.Train with { Seed = v } }),
        Bool("testing", "testing mode as the original: 2 epochs, train ratio 0.5, a small subset, folder suffix _testing",
            p => p.Testing, (p, v) => p with { Testing = v }),
        Int("testing_subset", "recordings per dataset kept in testing mode", p => p.TestingRecordingsPerDataset,
            (p, v) => p with { TestingRecordingsPerDataset = v }),
        Enum<FeatureBackendChoice>("features_backend", "feature backend: auto, cpu or ilgpu", p => p.Backend, (p, v) => p with { Backend = v }),
        Text("device", "training device: cpu or cuda", p => p.Train.Device, (p, v) => p with { Train = p.Train with { Device = v.ToLowerInvariant() } }),

        // Dataset reading choices where the issue and the original differ
        Text("jordan_filters", "Jordan stethoscope filters kept: any of B, D, E (the original kept only B)", p => p.DatasetOptions.JordanFilters,
            (p, v) => p with { DatasetOptions = p.DatasetOptions with { JordanFilters = v } }),
        Bool("perch_f_only", "PERCH: read only the *F.wav clips, as the original did (default false: every clip)", p => p.DatasetOptions.PerchOnlyF,
            (p, v) => p with { DatasetOptions = p.DatasetOptions with { PerchOnlyF = v } }),
        Bool("jordan_workbook_labels", "Jordan: pneumonia from the dataset's Data_annotation.xlsx (column E, patient in column A) when present, " +
            "as the original (default false: from the file names)", p => p.DatasetOptions.JordanWorkbookLabels,
            (p, v) => p with { DatasetOptions = p.DatasetOptions with { JordanWorkbookLabels = v } }),
        Bool("count_crep_as_crackles", "count Jordan's 'Crep' as crackles (the original did not)", p => p.DatasetOptions.CountCrepAsCrackles,
            (p, v) => p with { DatasetOptions = p.DatasetOptions with { CountCrepAsCrackles = v } }),

        // Features; a preset is applied before the individual keys whatever the order in the file.
        new ParameterKey("feature_preset", "start the feature parameters from a preset: default (torchaudio-like), original (librosa as the original used it) " +
                                           "or kaldi (torchaudio.compliance.kaldi.fbank as the ICBHI/AST papers use it, 16 kHz)",
            _ => null,
            (p, e) => JsonValues.String(e).Bind(s => s.ToLowerInvariant() switch
            {
                "default" => FinSucc(p with { Features = FeatureParams.Default with { SampleRate = p.Features.SampleRate } }),
                "original" => FinSucc(p with { Features = FeatureParams.Original with { SampleRate = p.Features.SampleRate } }),
                "kaldi" => FinSucc(p with { Features = FeatureParams.Kaldi }),
                _ => FinFail<JobParameters>(Error.New($"expected default, original or kaldi, got \"{s}\"")),
            }),
            Precedence: 0),
        Int("sr", "sample rate in Hz every recording is resampled to", p => p.Features.SampleRate, (p, v) => p with { Features = p.Features with { SampleRate = v } }),
        Int("n_fft", "FFT size", p => p.Features.NFft, (p, v) => p with { Features = p.Features with { NFft = v } }),
        Int("hop_length", "STFT hop in samples", p => p.Features.HopLength, (p, v) => p with { Features = p.Features with { HopLength = v } }),
        Int("win_length", "window length in samples (0 = n_fft)", p => p.Features.WinLength, (p, v) => p with { Features = p.Features with { WinLength = v } }),
        Bool("center", "centre frames with reflect padding (torchaudio) instead of librosa's center=False",
            p => p.Features.Center, (p, v) => p with { Features = p.Features with { Center = v } }),
        Int("n_mels", "mel bands", p => p.Features.NMels, (p, v) => p with { Features = p.Features with { NMels = v } }),
        Double("f_min", "lowest mel edge in Hz", p => p.Features.FMin, (p, v) => p with { Features = p.Features with { FMin = v } }),
        Double("f_max", "highest mel edge in Hz (0 = Nyquist)", p => p.Features.FMax, (p, v) => p with { Features = p.Features with { FMax = v } }),
        Enum<MelScale>("mel_scale", "mel scale: htk or slaney", p => p.Features.MelScale, (p, v) => p with { Features = p.Features with { MelScale = v } }),
        Enum<MelNorm>("mel_norm", "mel filter normalisation: none or slaney", p => p.Features.MelNorm, (p, v) => p with { Features = p.Features with { MelNorm = v } }),
        Double("power", "spectrogram power (1 magnitude, 2 power)", p => p.Features.Power, (p, v) => p with { Features = p.Features with { Power = v } }),
        Enum<LogMode>("log", "log compression: none, natural or decibel", p => p.Features.Log, (p, v) => p with { Features = p.Features with { Log = v } }),
        Double("log_epsilon", "epsilon added before the natural log", p => p.Features.LogEpsilon, (p, v) => p with { Features = p.Features with { LogEpsilon = v } }),
        Double("top_db", "decibel floor below the maximum", p => p.Features.TopDb, (p, v) => p with { Features = p.Features with { TopDb = v } }),
        Bool("normalizing", "normalise each spectrogram", p => p.Features.Normalize, (p, v) => p with { Features = p.Features with { Normalize = v } }),
        Bool("cuberooting", "cube-root the spectrogram", p => p.Features.CubeRoot, (p, v) => p with { Features = p.Features with { CubeRoot = v } }),
        Enum<FrameConvention>("frame_convention", "torch (torchaudio MelSpectrogram framing and filters) or kaldi (torchaudio.compliance.kaldi.fbank)",
            p => p.Features.Convention, (p, v) => p with { Features = p.Features with { Convention = v } }),
        Double("preemphasis", "pre-emphasis coefficient of each frame (kaldi convention only; 0 = none)", p => p.Features.Preemphasis,
            (p, v) => p with { Features = p.Features with { Preemphasis = v } }),

        // Chunks
        Double("audio_length", "window length in seconds", p => p.Chunk.AudioLengthSeconds, (p, v) => p with { Chunk = p.Chunk with { AudioLengthSeconds = v } }),
        Double("step_size", "window step in seconds", p => p.Chunk.StepSeconds, (p, v) => p with { Chunk = p.Chunk with { StepSeconds = v } }),
        Enum<LastChunk>("last_chunk", "a last piece of exactly half a window: keep (default; zero-padded, as the original's dataset.py) or drop " +
            "(the original's trainers, AudioPreparer's <=; the original preset). Longer pieces are always kept, shorter ones dropped",
            p => p.Chunk.LastChunk, (p, v) => p with { Chunk = p.Chunk with { LastChunk = v } }),
        Double("overlap_threshold", "fraction of a window a cycle must overlap to label it", p => p.Chunk.OverlapThreshold,
            (p, v) => p with { Chunk = p.Chunk with { OverlapThreshold = v } }),
        Double("min_cycle_length", "cycles shorter than this (seconds) are ignored", p => p.Chunk.MinCycleSeconds,
            (p, v) => p with { Chunk = p.Chunk with { MinCycleSeconds = v } }),
        Bool("per_cycle", "one sample per annotated cycle instead of sliding windows", p => p.Chunk.PerCycle, (p, v) => p with { Chunk = p.Chunk with { PerCycle = v } }),
        Bool("no_pad", "exclude the padded last chunk (_99) of every recording", p => p.Chunk.NoPad, (p, v) => p with { Chunk = p.Chunk with { NoPad = v } }),
        Enum<CycleFit>("cycle_fit", "how a per-cycle sample reaches audio_length: original (tile under half, else zero-pad) or repeat (repeat and fade, as the ICBHI papers)",
            p => p.Chunk.CycleFit, (p, v) => p with { Chunk = p.Chunk with { CycleFit = v } }),
        new ParameterKey("cycle_classes", "cycles task: 4 classes (none, crackles, wheezes, both) or 2 (normal, abnormal); default 4",
            p => p.Task.CycleClasses.Case is int classes ? JsonValue.Create(classes) : null,
            (p, e) => JsonValues.Int(e).Bind(v => p.Task.WithCycleClasses(v).Map(task => p with { Task = task }))),
        new ParameterKey(TaskVariant.Key, "which variant a task whose command trains several runs (the command's --task option)",
            p => p.Task.VariantName.Case is string v ? JsonValue.Create(v) : null,
            (p, e) => JsonValues.String(e).Bind(v => TaskVariant.Switch(p, v)), Precedence: -2) { Choices = TaskVariant.Choices },
        Double("min_recording_length", "predict and evaluate: a recording shorter than one window but at least this long (seconds) is predicted " +
            "from one padded chunk (tiled under half a window); shorter ones are reported as too short. Training keeps the original's rule",
            p => p.MinRecordingSeconds, (p, v) => p with { MinRecordingSeconds = v }),

        // Split
        Double("train_test_ratio", "fraction of each dataset's patients used for training", p => p.Split.TrainRatio,
            (p, v) => p with { Split = p.Split with { TrainRatio = v } }),
        Int("split_seed", "seed of the patient split", p => p.Split.Seed, (p, v) => p with { Split = p.Split with { Seed = v } }),
        Int("kfold", "cross-validation folds by patient over all datasets (0 = single split)", p => p.Split.KFold, (p, v) => p with { Split = p.Split with { KFold = v } }),
        Int("kfold_repeats", "cross-validation repeats, each with a fresh shuffle of the patients", p => p.Split.Repeats,
            (p, v) => p with { Split = p.Split with { Repeats = v } }),
        Enum<FoldStratification>("kfold_stratify", "auto: folds stratified by patient label when every class has ≥ kfold patients; none: never (the original's RepeatedKFold)",
            p => p.Split.Stratify, (p, v) => p with { Split = p.Split with { Stratify = v } }),
        Enum<SplitMethod>("split_method", "ours: our generator, cross-validation folds over all datasets together; sklearn: the original's splits exactly " +
            "(numpy's RandomState through scikit-learn's RepeatedKFold per dataset, fold i of each pooled, and train_test_split(stratify) with " +
            "n − ⌈train_test_ratio·n⌉ patients validating; needs kfold_stratify none)", p => p.Split.Method, (p, v) => p with { Split = p.Split with { Method = v } }),
        Int("fold", "the one fold to run, 0 … kfold·kfold_repeats − 1 (-1 = every fold)", p => p.Split.Fold, (p, v) => p with { Split = p.Split with { Fold = v } }),
        Bool("official_icbhi_split", "use ICBHI's official train/test list for ICBHI recordings", p => p.Split.UseOfficialIcbhiSplit,
            (p, v) => p with { Split = p.Split with { UseOfficialIcbhiSplit = v } }),
        Bool("official_split_required", "with official_icbhi_split: fail when no dataset folder holds the list (false: split those by patient)",
            p => p.Split.OfficialSplitRequired, (p, v) => p with { Split = p.Split with { OfficialSplitRequired = v } }),

        // Augmentation (training set only; originals kept, augmented samples added) and balancing
        Record("mixup", "list of MixUp entries {label_one, label_two, quantity, minval, maxval, no_pad}",
            p => p.Augment.Mixups, (p, v) => p with { Augment = p.Augment with { Mixups = v } }),
        Record("cutmix", "list of CutMix entries {label_one, label_two, quantity, minval, maxval, no_pad}",
            p => p.Augment.CutMixes, (p, v) => p with { Augment = p.Augment with { CutMixes = v } }),
        Record("augmix", "list of AugMix entries {quantity, minval, maxval, label, aug_functions, width, dirichlet_alpha, ops, per_dataset}",
            p => p.Augment.AugMixes, (p, v) => p with { Augment = p.Augment with { AugMixes = v } }),
        Record("audio_augment", "list of audio augmenters {op: shift_pitch|stretch_time|gain|noise|time_shift, quantity, label}",
            p => p.Augment.AudioAugments, (p, v) => p with { Augment = p.Augment with { AudioAugments = v } }),
        Record("audio_ops", "ranges of the audio ops {stretch_time, shift_pitch, gain, noise, time_shift}",
            p => p.Augment.AudioOps, (p, v) => p with { Augment = p.Augment with { AudioOps = v } }),
        Record<SpecAugmentParams?>("specaugment", "SpecAugment {time_masks, max_time_width, freq_masks, max_freq_width, time_warp, mask_value, quantity, label} or null",
            p => p.Augment.SpecAugment, (p, v) => p with { Augment = p.Augment with { SpecAugment = v } }),
        Choice("augment_plan", "how mixer pairs and AugMix chunks are chosen: streaming (per shuffle window / per chunk, new each epoch) or whole_set (the original: planned once over the training set, exact counts)",
            [("streaming", AugmentPlan.Streaming), ("whole_set", AugmentPlan.WholeSet)], p => p.Augment.Plan, (p, v) => p with { Augment = p.Augment with { Plan = v } }),
        Enum<DataflowLung.Model.Explain.CamLayer>("grad_cam_layer", "the layer Grad-CAM explains: last (default; the last convolutional block, " +
            "feeding the global pooling) or original (mixednet's first Conv2D after its ReLU, model9's inverted_residual_6; tiny keeps its last block)",
            p => p.GradCamLayer, (p, v) => p with { GradCamLayer = v }),
        Bool("class_weights_after_augmentation", "class weights counted after augmentation, as the original (AugMix samples in their chunk's class, " +
            "mixed pairs in class 0 as Keras' int cast did); needs augment_plan whole_set; default false: over the original chunks",
            p => p.Augment.ClassWeightsAfterAugmentation, (p, v) => p with { Augment = p.Augment with { ClassWeightsAfterAugmentation = v } }),
        Bool("class_weights", "weight the loss by balanced class weights", p => p.Train.ClassWeights,
            (p, v) => p with { Train = p.Train with { ClassWeights = v } }),
        Bool("oversampling", "repeat minority classes up to the largest class each epoch", p => p.Augment.Oversample,
            (p, v) => p with { Augment = p.Augment with { Oversample = v } }),

        // Training (Adam with weight decay, BCE, reduce-on-plateau, early stopping)
        Int("epochs", "maximum number of epochs", p => p.Train.Epochs, (p, v) => p with { Train = p.Train with { Epochs = v } }),
        Int("batch_size", "training batch size", p => p.Train.BatchSize, (p, v) => p with { Train = p.Train with { BatchSize = v } }),
        Double("lr", "initial learning rate", p => p.Train.LearningRate, (p, v) => p with { Train = p.Train with { LearningRate = v } }),
        Double("weight_decay", "L2 penalty added to the gradient by Adam (torch's weight_decay; the original had none)", p => p.Train.WeightDecay,
            (p, v) => p with { Train = p.Train with { WeightDecay = v } }),
        Double("lr_decay", "Keras' per-step learning-rate decay: lr / (1 + lr_decay · step) (the original's Adam decay=1e-4; 0 = off)",
            p => p.Train.LrDecay, (p, v) => p with { Train = p.Train with { LrDecay = v } }),
        Double("adam_epsilon", "Adam's epsilon (torch 1e-8, Keras 1e-7)", p => p.Train.AdamEpsilon, (p, v) => p with { Train = p.Train with { AdamEpsilon = v } }),
        Double("lr_factor", "learning-rate factor on a plateau", p => p.Train.LrFactor, (p, v) => p with { Train = p.Train with { LrFactor = v } }),
        Int("lr_patience", "epochs without improvement before the learning rate drops", p => p.Train.LrPatience,
            (p, v) => p with { Train = p.Train with { LrPatience = v } }),
        Double("min_lr", "lowest learning rate", p => p.Train.MinLearningRate, (p, v) => p with { Train = p.Train with { MinLearningRate = v } }),
        Int("es_patience", "epochs without improvement before early stopping", p => p.Train.EarlyStoppingPatience,
            (p, v) => p with { Train = p.Train with { EarlyStoppingPatience = v } }),
        Double("min_delta", "smallest change of the monitored metric that counts as improvement", p => p.Train.MinDelta,
            (p, v) => p with { Train = p.Train with { MinDelta = v } }),
        Text("monitor", "validation metric for early stopping and LR steps (\"\" = patient_auc for pneumonia, icbhi_score for cw)",
            p => p.Train.Monitor, (p, v) => p with { Train = p.Train with { Monitor = v } }),
        Choice("patient_rule", "how chunk predictions make a patient's: mean (of its recordings' means) or any_chunk (the original: positive when any chunk is; score = the highest chunk probability)",
            [("mean", PatientRule.Mean), ("any_chunk", PatientRule.AnyChunk)], p => p.PatientRule, (p, v) => p with { PatientRule = v }),
        Double("label_smoothing", "label smoothing of the BCE targets", p => p.Train.LabelSmoothing,
            (p, v) => p with { Train = p.Train with { LabelSmoothing = v } }),

        // Confidence intervals (patient bootstrap) in every report
        Int("bootstrap_resamples", "bootstrap resamples of patients behind every reported interval", p => p.Bootstrap.Resamples,
            (p, v) => p with { Bootstrap = p.Bootstrap with { Resamples = v } }),
        Double("bootstrap_confidence", "confidence level of the reported intervals", p => p.Bootstrap.Confidence,
            (p, v) => p with { Bootstrap = p.Bootstrap with { Confidence = v } }),

        // The trivial baseline beside the model
        new ParameterKey("baseline", "also fit a logistic regression on each chunk's mel-band mean and sd and report it beside the model, with the paired difference (on|off)",
            p => JsonValue.Create(p.Baseline ? "on" : "off"),
            (p, e) => OnOff(e).Map(v => p with { Baseline = v })),

        // Data pipeline
        Int("validation_batch_size", "validation batch size (predictions do not depend on it)", p => p.Flow.ValidationBatchSize,
            (p, v) => p with { Flow = p.Flow with { ValidationBatchSize = v } }),
        Int("feature_batch_size", "chunks per feature-kernel call", p => p.Flow.FeatureBatchSize, (p, v) => p with { Flow = p.Flow with { FeatureBatchSize = v } }),
        Int("shuffle_window", "training features are shuffled and mixed within windows of this many", p => p.Flow.ShuffleWindow,
            (p, v) => p with { Flow = p.Flow with { ShuffleWindow = v } }),
        Long("signal_cache_bytes", "decoded signals kept in memory across epochs", p => p.Flow.SignalCacheBytes,
            (p, v) => p with { Flow = p.Flow with { SignalCacheBytes = v } }),
        Long("feature_cache_bytes", "features of un-augmented chunks kept in memory across epochs", p => p.Flow.FeatureCacheBytes,
            (p, v) => p with { Flow = p.Flow with { FeatureCacheBytes = v } }),
        new ParameterKey("cache_root", "persistent cache of decoded signals and features shared by jobs (null = none, as --no-cache)",
            p => JsonValue.Create(p.Flow.CacheRoot),
            (p, e) => e.ValueKind == System.Text.Json.JsonValueKind.Null
                ? FinSucc(p with { Flow = p.Flow with { CacheRoot = null } })
                : JsonValues.String(e).Map(v => p with { Flow = p.Flow with { CacheRoot = v.Length == 0 ? null : v } })),
        Bool("prefetch", "decode the first epoch's recordings beside the graph from the job's start (pays with idle cores)", p => p.Flow.Prefetch,
            (p, v) => p with { Flow = p.Flow with { Prefetch = v } }),
        Bool("tensorboard", "write a TensorBoard event file into the job folder (per-epoch scalars, final figures and parameters)",
            p => p.TensorBoard, (p, v) => p with { TensorBoard = v }),
        Long("cache_max_bytes", "bound of the persistent cache; least recently used entries are evicted beyond it", p => p.Flow.CacheMaxBytes,
            (p, v) => p with { Flow = p.Flow with { CacheMaxBytes = v } }),
    ];

    private static readonly Dictionary<string, ParameterKey> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static Option<ParameterKey> Find(string name) => ByName.TryGetValue(name, out var k) ? Some(k) : None;

    /// <summary>The known key closest to a misspelt one, when it is close enough to be a likely typo.</summary>
    public static Option<string> Suggest(string name) =>
        All.Select(k => (k.Name, Distance: EditDistance.Levenshtein(name.ToLowerInvariant(), k.Name)))
           .Where(c => c.Distance <= Math.Max(2, c.Name.Length / 3))
           .OrderBy(c => c.Distance)
           .Select(c => c.Name)
           .HeadOrNone();

    private static ParameterKey Int(string name, string help, Func<JobParameters, int> get, Func<JobParameters, int, JobParameters> set) =>
        new(name, help, p => JsonValue.Create(get(p)), (p, e) => JsonValues.Int(e).Map(v => set(p, v)));

    private static ParameterKey Long(string name, string help, Func<JobParameters, long> get, Func<JobParameters, long, JobParameters> set) =>
        new(name, help, p => JsonValue.Create(get(p)), (p, e) => JsonValues.Long(e).Map(v => set(p, v)));

    private static ParameterKey Double(string name, string help, Func<JobParameters, double> get, Func<JobParameters, double, JobParameters> set) =>
        new(name, help, p => Model.Json.FiniteJson.Number(get(p)), (p, e) => JsonValues.Double(e).Map(v => set(p, v)));

    /// <summary>"on"/"off" (or a JSON boolean).</summary>
    private static Fin<bool> OnOff(System.Text.Json.JsonElement e) => e.ValueKind == System.Text.Json.JsonValueKind.String && e.GetString() is "on" or "off"
        ? FinSucc(e.GetString() == "on")
        : e.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? FinSucc(e.ValueKind == System.Text.Json.JsonValueKind.True)
            : FinFail<bool>(Error.New($"expected on or off, got {e}"));

    private static ParameterKey Bool(string name, string help, Func<JobParameters, bool> get, Func<JobParameters, bool, JobParameters> set) =>
        new(name, help, p => JsonValue.Create(get(p)), (p, e) => JsonValues.Bool(e).Map(v => set(p, v)));

    private static ParameterKey Text(string name, string help, Func<JobParameters, string> get, Func<JobParameters, string, JobParameters> set) =>
        new(name, help, p => JsonValue.Create(get(p)), (p, e) => JsonValues.String(e).Map(v => set(p, v)));

    private static ParameterKey Enum<T>(string name, string help, Func<JobParameters, T> get, Func<JobParameters, T, JobParameters> set)
        where T : struct, System.Enum =>
        new(name, help, p => JsonValue.Create(get(p).ToString().ToLowerInvariant()), (p, e) => JsonValues.Enum<T>(e).Map(v => set(p, v)));

    /// <summary>A key whose value is one of a few names (snake_case where an enum name would read badly).</summary>
    private static ParameterKey Choice<T>(string name, string help, (string Name, T Value)[] choices, Func<JobParameters, T> get, Func<JobParameters, T, JobParameters> set)
        where T : struct =>
        new(name, help, p => JsonValue.Create(choices.First(c => c.Value.Equals(get(p))).Name),
            (p, e) => JsonValues.String(e).Bind(s => choices.Where(c => string.Equals(c.Name, s.Trim(), StringComparison.OrdinalIgnoreCase)).Select(c => c.Value).ToArray() is [var v]
                ? FinSucc(set(p, v))
                : Error.New($"expected one of {string.Join(", ", choices.Select(c => c.Name))}, got \"{s}\"")));

    private static ParameterKey Record<T>(string name, string help, Func<JobParameters, T> get, Func<JobParameters, T, JobParameters> set) =>
        new(name, help, p => RecordJson.Write(get(p)),
            (p, e) => e.ValueKind == System.Text.Json.JsonValueKind.Null && default(T) is null
                ? FinSucc(set(p, default!))
                : RecordJson.Read<T>(e).Map(v => set(p, v)));

    private static ParameterKey StringList(string name, string help, Func<JobParameters, Seq<string>> get, Func<JobParameters, Seq<string>, JobParameters> set) =>
        new(name, help, p => new JsonArray(get(p).Map(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            (p, e) => JsonValues.StringList(e).Map(v => set(p, v)));
}
