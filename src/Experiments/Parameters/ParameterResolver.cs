using DataflowLung.Pipeline.Tasks;
using System.Text.Json;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Builds the one <see cref="JobParameters"/> of a job: defaults → config → overrides → testing
/// mode → validation. Every problem found is reported at once (one failure holding each problem, read back with
/// <see cref="Problems"/>), config problems naming the file, so a user fixes a config in one round. Unknown keys are
/// problems: a typo must not pass silently.</summary>
public static class ParameterResolver
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static Fin<JobParameters> Resolve(ParameterSources sources)
    {
        var start = JobParameters.Defaults(sources.Task) with
        {
            Paths = new JobPaths(sources.DataRoot, sources.OutRoot, sources.ConfigFile),
        };
        // A preset is a layer under the config: one given on the command line is applied to the defaults first and
        // wins over a config's own "preset" (which is then skipped), so it never overwrites the config's values.
        var cliPreset = sources.Overrides.Filter(o => o.Key == PresetKey);
        var (preset, presetProblems) = ApplyOverrides(start, cliPreset.IsEmpty ? cliPreset : Seq1(cliPreset.Last));
        var (fromConfig, configProblems) = sources.ConfigFile.Match(
            file => ApplyConfig(preset, file, skip: cliPreset.IsEmpty ? null : PresetKey, outRootGiven: sources.OutRootGiven),
            () => (preset, Seq<string>()));
        var (fromOverrides, overrideProblems) = ApplyOverrides(fromConfig, sources.Overrides.Filter(o => o.Key != PresetKey));
        var resolved = ApplyTestingMode(fromOverrides);
        // Keys that could not be read keep their previous value, so validating the rest is still meaningful
        // and the user sees every problem in one round.
        var problems = presetProblems.Concat(configProblems).Concat(overrideProblems).Concat(Validate(resolved)).ToSeq();
        return problems.IsEmpty ? FinSucc(resolved) : FinFail<JobParameters>(Error.Many(problems.Map(Error.New)));
    }

    /// <summary>Each problem of a failed <see cref="Resolve"/>, in order: callers list them one a line.</summary>
    public static Seq<string> Problems(Error error) => error.AsEnumerable().Map(e => e.Message).ToSeq();

    /// <summary>Testing mode as the original: 2 epochs, train ratio 0.5 and a small subset (taken when the
    /// recordings are listed).</summary>
    public static JobParameters ApplyTestingMode(JobParameters p) =>
        p.Testing ? p with { Split = p.Split with { TrainRatio = 0.5 }, Train = p.Train with { Epochs = Math.Min(p.Train.Epochs, 2) } } : p;

    private const string PresetKey = "preset";

    /// <summary>The largest config read: far above any real one (a few kB), far below trouble.</summary>
    public const long MaxConfigBytes = 1 << 20;

    /// <summary>A regular file: not a FIFO, device or socket (stat's type, so through links).</summary>
    private static bool IsRegular(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        var type = Mono.Unix.Native.Syscall.stat(path, out var st) == 0 ? st.st_mode & Mono.Unix.Native.FilePermissions.S_IFMT : 0;
        return type == Mono.Unix.Native.FilePermissions.S_IFREG;
    }

    /// <param name="skip">A key of the file to leave out (the preset, when the command line gives its own).</param>
    /// <param name="outRootGiven">Whether the command line named the output root (then an original-names file's
    /// <c>cache_root</c> does not move it).</param>
    public static (JobParameters, Seq<string>) ApplyConfig(JobParameters p, string file, string? skip = null, bool outRootGiven = true)
    {
        if (!File.Exists(file))
            return (p, Seq1($"config file {file} does not exist"));
        JsonDocument doc;
        try
        {
            // A config is a regular file under a size limit: a FIFO would block the read, /dev/zero would never end.
            if (!IsRegular(file))
                return (p, Seq1($"config {file}: not a regular file (a device, FIFO or socket)"));
            var length = new FileInfo(file).Length;
            if (length > MaxConfigBytes)
                return (p, Seq1($"config {file}: {length} bytes, more than a config's limit of {MaxConfigBytes}"));
            doc = JsonDocument.Parse(File.ReadAllText(file), JsonOptions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (p, Seq1($"config {file}: cannot be read ({e.Message})"));
        }
        catch (JsonException e)
        {
            return (p, Seq1($"config {file}: not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}"));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (p, Seq1($"config {file}: the top level must be an object of \"key\": value pairs"));
            // A saved params.json is a valid config: its parameters sit under "parameters".
            var body = ParamsJson.IsParamsJson(root) ? root.GetProperty("parameters") : root;
            var entries = body.EnumerateObject().Where(e => e.Name != skip).Select(e => (e.Name, Value: e.Value.Clone())).ToArray();
            if (!OriginalNames.IsOriginal(body)) return ApplyAll(p, entries, name => $"config {file}: key \"{name}\"");
            // The original's names and meanings: each name becomes its key here; cache_root is the output root.
            var problems = Seq<string>();
            foreach (var (name, value) in entries.Where(e => OriginalNames.KeyFor(e.Name) == OriginalNames.OutputRoot))
            {
                if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    problems = problems.Add($"config {file}: key \"{name}\" (the original's output root): expected a folder path");
                else if (!outRootGiven) p = p with { Paths = p.Paths with { OutRoot = value.GetString()! } };
            }
            var translated = entries.Where(e => e.Name != OriginalNames.MarkerKey && OriginalNames.KeyFor(e.Name) != OriginalNames.OutputRoot)
                .Select(e => (Name: OriginalNames.KeyFor(e.Name), e.Value)).ToArray();
            var (next, more) = ApplyAll(p, translated, name => $"config {file} (the original's names): key \"{name}\"" +
                (OriginalNames.Renamed.FirstOrDefault(r => r.Here == name) is { Original: { } o } ? $" (the original's \"{o}\")" : ""));
            return (next, problems + more);
        }
    }

    public static (JobParameters, Seq<string>) ApplyOverrides(JobParameters p, Seq<(string Key, string Value)> overrides) =>
        ApplyAll(p, overrides.Map(o => (o.Key, Value: ParseOverrideValue(o.Value))).ToArray(), name => $"option {name}");

    /// <summary>A command-line value is JSON when it parses as JSON (numbers, true/false, lists), else a plain string.</summary>
    public static JsonElement ParseOverrideValue(string value)
    {
        try
        {
            using var doc = JsonDocument.Parse(value, JsonOptions);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(value);
        }
    }

    private static (JobParameters, Seq<string>) ApplyAll(JobParameters p, IReadOnlyList<(string Name, JsonElement Value)> entries, Func<string, string> where)
    {
        var problems = Seq<string>();
        var ordered = entries
            .Select((e, i) => (e.Name, e.Value, Index: i, Key: ParameterKeys.Find(e.Name)))
            .OrderBy(e => e.Key.Match(k => k.Precedence, () => int.MaxValue))
            .ThenBy(e => e.Index);
        foreach (var entry in ordered)
        {
            if (JsonValues.FirstNonFinite(entry.Value).Case is string nonFinite)
            {
                problems = problems.Add($"{where(entry.Name)}: {nonFinite} is not a finite number");
                continue;
            }
            entry.Key.Match(
                key => key.Set(p, entry.Value).Match(
                    next => p = next,
                    error => problems = problems.Add($"{where(entry.Name)}: {error.Message}")),
                () => problems = problems.Add($"{where(entry.Name)}: unknown parameter" +
                    ParameterKeys.Suggest(entry.Name).Match(s => $" (did you mean \"{s}\"?)", () => " (see `runner parameters` for the list)")));
        }
        return (p, problems);
    }

    /// <summary>Every value-level problem of a fully read parameter set.</summary>
    public static Seq<string> Validate(JobParameters p)
    {
        var known = KnownDatasets.For(p.Task);
        var problems = new List<string>();
        if (p.Datasets.IsEmpty) problems.Add("datasets: at least one dataset is needed");
        foreach (var d in p.Datasets.Where(d => !known.Contains(d)))
        {
            var why = KnownDatasets.All.Contains(d)
                ? $"dataset \"{d}\" has no {p.Task.Name} labels"
                : $"unknown dataset \"{d}\"";
            problems.Add($"datasets: {why}; known for {p.Task.Name}: {string.Join(", ", known)}");
        }
        foreach (var d in p.Datasets.GroupBy(d => d).Where(g => g.Count() > 1))
            problems.Add($"datasets: \"{d.Key}\" is listed twice");
        ModelRegistry.Find(p.Train.Model).IfFail(e => problems.Add($"model: {e.Message}"));
        if (p.TestingRecordingsPerDataset < 2) problems.Add($"testing_subset must be ≥ 2 (got {p.TestingRecordingsPerDataset})");
        problems.AddRange(p.DatasetOptions.Problems());
        problems.AddRange(p.Features.Problems());
        problems.AddRange(p.Chunk.Problems());
        if (!(p.MinRecordingSeconds > 0)) problems.Add($"min_recording_length must be positive (got {p.MinRecordingSeconds})");
        problems.AddRange(p.Split.Problems());
        problems.AddRange(p.Bootstrap.Problems());
        problems.AddRange(p.Augment.Problems());
        problems.AddRange(Jobs.JobStages.StageParams(p).Problems().Where(m => m.StartsWith("augment: ", StringComparison.Ordinal) && m.Contains("label")));
        problems.AddRange(p.Train.Problems());
        problems.AddRange(p.EffectiveFlow.Problems());
        var monitors = Trainer.MonitorNames(p.Task);
        if (p.Train.Monitor.Length > 0 && !monitors.Contains(p.Train.Monitor))
            problems.Add($"monitor \"{p.Train.Monitor}\" is not a {p.Task.Name} metric (choose from: {string.Join(", ", monitors)})");
        var windowSamples = p.Chunk.AudioLengthSeconds * p.Features.SampleRate;
        if (p.Chunk.AudioLengthSeconds > 0 && p.Features.SampleRate > 0 && windowSamples < p.Features.FrameSamples)
            problems.Add($"audio_length {p.Chunk.AudioLengthSeconds} s at sr {p.Features.SampleRate} Hz gives {windowSamples:0} samples, fewer than one frame ({p.Features.FrameSamples})");
        if (p.Task.PerCycleOnly && !p.Chunk.PerCycle)
            problems.Add($"per_cycle: the {p.Task.Name} task is one sample per annotated cycle; it cannot be false");
        return toSeq(problems);
    }
}
