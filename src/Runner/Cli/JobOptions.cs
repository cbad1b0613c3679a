using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli;

/// <summary>The options of a training job (<c>pneumonia</c>, <c>cw</c>; <c>evaluate</c> and <c>demo</c> use a
/// subset). Named options are shortcuts for parameter keys; <c>--set key=value</c> reaches every other key.
/// Precedence: config file, then <c>--set</c>, then the named options.</summary>
public sealed class JobOptions
{
    public Option<string?> Datasets { get; } = new("--datasets") { Description = $"Comma-separated datasets, each a sub-folder of the data root (e.g. icbhi,jordan): {Choices("datasets")}" };
    public Option<string?> DataRoot { get; } = new("--data-root") { Description = $"Folder with one sub-folder per dataset (default: ${Experiments.Data.DataRoot.EnvironmentVariable}, else ./data)" };
    public Option<string?> Model { get; } = new("--model") { Description = $"Model architecture: {Choices("model")} (`runner parameters` describes them)" };
    // Numbers arrive as text and are read by the parameter table (like --set and config values), so a bad or
    // non-finite value is one clear problem in the same list, never a parser exception.
    public Option<string?> Epochs { get; } = new("--epochs") { Description = "Maximum number of epochs" };
    public Option<string?> BatchSize { get; } = new("--batch-size") { Description = "Training batch size" };
    public Option<string?> LearningRate { get; } = new("--lr") { Description = "Initial learning rate" };
    public Option<string?> Seed { get; } = new("--seed") { Description = "Seed for everything random in training" };
    public Option<string?> Config { get; } = new("--config") { Description = "JSON config with the original system's key names (see `runner parameters`)" };
    public Option<string?> Out { get; } = new("--out") { Description = "Output root; jobs go to OUT/<task>/<config>/<id>/ (default ./runs)" };
    public Option<string?> Features { get; } = new("--features") { Description = "Feature backend: auto, cpu or ilgpu" };
    public Option<string?> Device { get; } = new("--device") { Description = "Training device: cpu or cuda" };
    public Option<string?> Monitor { get; } = new("--monitor") { Description = "Validation metric for early stopping, LR steps and the best checkpoint (e.g. patient_auc, icbhi_score, val_loss; default per task)" };
    public Option<string?> Preset { get; } = new("--preset") { Description = "Start from a preset: default or original (every value where the original system differs; a config or --set still overrides it)" };
    public Option<bool> Testing { get; } = new("--testing") { Description = "Original testing mode: 2 epochs, train ratio 0.5, small subset, folder suffix _testing" };
    public Option<string?> CrossValidation { get; } = new("--cv") { Description = "Cross-validate: K folds by patient over all datasets (the kfold key); one job folder per fold under one folder" };
    public Option<string?> Repeats { get; } = new("--repeats") { Description = "Repeat the cross-validation R times with fresh shuffles (kfold_repeats)" };
    public Option<string?> Fold { get; } = new("--fold") { Description = "Run one fold only, 0 … K·R − 1 (default: every fold, or the index in SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX)" };
    public Option<bool> OfficialSplit { get; } = new("--official-split") { Description = "Use the official ICBHI train/test list (ICBHI_challenge_train_test.txt in the dataset folder) and fail without it (official_icbhi_split, official_split_required)" };
    public Option<string?> Seeds { get; } = new("--seeds") { Description = "Train N seeds (seed, seed+1, …), one job folder each under one folder, and report each metric's mean ± sd over them" };
    public Option<string?> Baseline { get; } = new("--baseline") { Description = "on (default) or off: also fit and report a logistic regression on each chunk's mel-band mean and sd beside the model" };
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Use no persistent cache of signals and features (same as --set cache_root=null)" };
    public Option<string?> MinLength { get; } = MinLengthOption();
    public Option<string[]> Set { get; } = new("--set") { Description = "Set any parameter: --set key=value (repeatable), e.g. --set n_mels=64", AllowMultipleArgumentsPerToken = false };

    public JobOptions()
    {
        Features.AcceptOnlyFromAmong("auto", "cpu", "ilgpu");
        Device.AcceptOnlyFromAmong("cpu", "cuda");
        Preset.AcceptOnlyFromAmong([.. Presets.Names]);
        Baseline.AcceptOnlyFromAmong("on", "off");
        Seeds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && SeedCount(text) is null)
                r.AddError($"--seeds must be a whole number from 1 to {MaxSeeds} (got \"{text}\")");
        });
        Set.Validators.Add(r =>
        {
            foreach (var s in r.GetValueOrDefault<string[]>() ?? [])
                if (!s.Contains('=')) r.AddError($"--set expects key=value (got \"{s}\")");
        });
    }

    public const int MaxSeeds = 1000;

    // The names a key takes, from the parameter table (which reads the registries), so no list is kept here.
    private static string Choices(string key) =>
        ParameterKeys.Find(key).Map(k => string.Join(", ", k.Choices.Map(c => c.Name))).IfNone(() => throw new InvalidOperationException($"no parameter key '{key}'"));

    /// <summary>The number of seeds <c>--seeds</c> asks for (null when it did not, or gave no whole number in 1 … <see cref="MaxSeeds"/>).</summary>
    public int? SeedCountOf(ParseResult r) => r.GetValue(Seeds) is { } text ? SeedCount(text) : null;

    private static int? SeedCount(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxSeeds ? n : null;

    /// <summary><c>--min-length SECONDS</c>: the <c>min_recording_length</c> parameter (predict and evaluate only).</summary>
    public static Option<string?> MinLengthOption() => new("--min-length")
    {
        Description = "Shortest recording predicted, in seconds (default 1); one shorter than a window is predicted from one padded chunk",
    };

    public IEnumerable<Option> TrainingOptions() =>
        [Datasets, DataRoot, Model, Epochs, BatchSize, LearningRate, Seed, Config, Out, Features, Device, Monitor, Preset, Testing, Baseline, NoCache, Set, CrossValidation, Repeats, Fold, OfficialSplit, Seeds];

    public DataRoot ResolveDataRoot(ParseResult r, Func<string, string?> environment) =>
        Experiments.Data.DataRoot.Resolve(Optional(r.GetValue(DataRoot)), environment);

    /// <summary>The parameter sources this command line describes (named options become key=value pairs).</summary>
    public ParameterSources Sources(ParseResult r, LearningTask task, DataRoot root)
    {
        var sets = toSeq(r.GetValue(Set) ?? []).Map(s => (Key: s[..s.IndexOf('=')].Trim(), Value: s[(s.IndexOf('=') + 1)..]));
        var named = Seq(
            Pair("datasets", r.GetValue(Datasets)),
            Pair("model", r.GetValue(Model)),
            Pair("epochs", r.GetValue(Epochs)),
            Pair("batch_size", r.GetValue(BatchSize)),
            Pair("lr", r.GetValue(LearningRate)),
            Pair("seed", r.GetValue(Seed)),
            Pair("features_backend", r.GetValue(Features)),
            Pair("device", r.GetValue(Device)),
            Pair("monitor", r.GetValue(Monitor)),
            Pair("preset", r.GetValue(Preset)),
            Pair("kfold", r.GetValue(CrossValidation)),
            Pair("kfold_repeats", r.GetValue(Repeats)),
            Pair("fold", r.GetValue(Fold)),
            Pair("min_recording_length", r.GetValue(MinLength)),
            Pair("baseline", r.GetValue(Baseline)),
            r.GetValue(Testing) ? Some(("testing", "true")) : None,
            r.GetValue(OfficialSplit) ? Some(("official_icbhi_split", "true")) : None,
            r.GetValue(OfficialSplit) ? Some(("official_split_required", "true")) : None,
            r.GetValue(NoCache) ? Some(("cache_root", "null")) : None).Somes();
        return new ParameterSources(task, Optional(r.GetValue(Config)), sets.Concat(named), root.Path, r.GetValue(Out) ?? "runs", OutRootGiven: r.GetValue(Out) is not null);
    }

    /// <summary>The command line as the application layer takes it (<see cref="JobRequest"/>).</summary>
    public JobRequest Request(ParseResult r) => new((task, root) => Sources(r, task, root),
        Optional(r.GetValue(DataRoot)), Optional(r.GetValue(Config)), Optional(r.GetValue(Out)));

    private static LanguageExt.Option<(string, string)> Pair<T>(string key, T? value) =>
        value is null ? None : Some((key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
}
