using DataflowLung.Kernels;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using static LanguageExt.Prelude;
using static DataflowLung.Pipeline.Tasks.HeadlineText;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>The four tasks of the SPRSound (BioCAS 2022) challenge, <c>runner sprsound --task 1-1|1-2|2-1|2-2</c>:
/// <list type="bullet">
/// <item>1-1, event: Normal vs Adventitious; 1-2, event: Normal and the six adventitious types. One sample per event of
/// the recording's json, cut at [start·sr/1000, end·sr/1000) in json order and fitted to the window by repeating
/// it, as the cycles benchmark fits cycles.</item>
/// <item>2-1, record: Normal / Adventitious / Poor Quality; 2-2, record: Normal / CAS / DAS / CAS &amp; DAS / Poor Quality.
/// Windows of the whole recording; a recording's prediction is the mean of its windows' probabilities.</item>
/// </list>
/// One softmax output per class, scored as the organisers define it (<see cref="SprsoundScore"/>: SE, SP, AS, HS and
/// Score) at the level the task is about: events (the chunk level) or records (the recording level).</summary>
public sealed record SprsoundTask(string Challenge) : LearningTask
{
    public const string EventBinary = "1-1", EventTypes = "1-2", RecordTernary = "2-1", RecordTypes = "2-2";

    /// <summary>The classes of each challenge task, Normal first, Poor Quality (where the task has it) last. A BCL
    /// dictionary, not LanguageExt's <c>Map</c>: the CLI builds every task at start-up, and a default-ordered <c>Map</c>'s
    /// first use makes LanguageExt scan every referenced assembly for class instances (~0.5 s of a job's start;
    /// the application layer's StartupWarmUp does it on another core instead).</summary>
    private static readonly SortedDictionary<string, string[]> Classes = new(StringComparer.Ordinal)
    {
        [EventBinary] = ["Normal", "Adventitious"],
        [EventTypes] = ["Normal", "Rhonchi", "Wheeze", "Stridor", "Coarse Crackle", "Fine Crackle", "Wheeze+Crackle"],
        [RecordTernary] = ["Normal", "Adventitious", "Poor Quality"],
        [RecordTypes] = ["Normal", "CAS", "DAS", "CAS & DAS", "Poor Quality"],
    };

    public const string PoorQuality = "Poor Quality";

    public override string Name => "sprsound";

    public override string Description =>
        "The SPRSound challenge tasks (--task 1-1, 1-2: events; 2-1, 2-2: records): trained on the train folder, early-stopped " +
        "on a patient-grouped part of it, scored once on the inter- and intra-subject test sets by the challenge's SE, SP and Score";

    public override string StoredName => "sprsound_" + Challenge.Replace('-', '_');

    public override IEnumerable<LearningTask> Variants => Classes.Keys.Select(c => (LearningTask)new SprsoundTask(c));

    public override Option<string> VariantName => Challenge;

    public bool IsEventTask => Challenge is EventBinary or EventTypes;

    /// <summary>Scored where the challenge scores it: events per chunk, records per recording.</summary>
    public override PredictionLevel HeadlineLevel => IsEventTask ? PredictionLevel.Chunk : PredictionLevel.Recording;

    public override IReadOnlyList<string> OutputNames => ClassNames;
    public override Activation Activation => Activation.Softmax;
    public override IReadOnlyList<string> ClassNames => Classes[Challenge];

    /// <summary>The Poor Quality class index, in the tasks that have one.</summary>
    private int? PoorQualityIndex => ClassNames.Count > 0 && ClassNames[^1] == PoorQuality ? ClassNames.Count - 1 : null;

    protected override int Classify(ReadOnlySpan<float> labels) => ClassIndex.ArgMax(labels);

    public override float[] ClassShares(ReadOnlySpan<float> labels) => labels.ToArray();

    /// <summary>The samples per class the chunker gives (events, or record windows): SPRSound's classes are not the
    /// pneumonia or crackle/wheeze counts the summary keeps per recording.</summary>
    public override Seq<ClassCount> RecordingCounts(DatasetSummary summary) => summary.ChunkClasses;

    public override bool CanLearnFrom(DatasetLabels provided) => IsEventTask ? provided.Events : provided.RecordAnnotations;

    public override bool IsUsable(RecordingRef recording) => LabelProblem(recording).IsNone;

    public override Option<string> LabelProblem(RecordingRef recording) => IsEventTask
        ? recording.Events.Match(
            events => events.IsEmpty
                ? Some("no annotated event (a Poor Quality recording has none): it gives no sample for an event task")
                : events.Find(e => EventClass(e.Type).IsNone).Map(e => $"unknown event type '{e.Type}' for task {Challenge}"),
            () => Some($"no event annotations: task {Challenge} needs a dataset with events (sprsound)"))
        : recording.RecordAnnotation.Match(
            label => RecordClass(label).IsNone ? Some($"unknown record annotation '{label}' for task {Challenge}") : None,
            () => Some($"no record annotation: task {Challenge} needs a dataset with record labels (sprsound)"));

    /// <summary>A patient counts as positive (for the stratified split) when any of its samples is not Normal.</summary>
    public override bool PatientPositive(IEnumerable<RecordingRef> recordings) => recordings.Any(r => IsEventTask
        ? r.Events.Exists(events => events.Exists(e => EventClass(e.Type).Exists(c => c != SprsoundScore.Normal)))
        : r.RecordAnnotation.Bind(RecordClass).Exists(c => c != SprsoundScore.Normal));

    public override string PositiveName => "adventitious";

    /// <summary>Record tasks: every window carries its recording's class (record labels say nothing finer).</summary>
    public override float[] WindowLabels(RecordingRef recording, ChunkParams p, double start, double end) =>
        ClassIndex.OneHot(ClassCount, recording.RecordAnnotation.Bind(RecordClass).IfNone(SprsoundScore.Normal));

    /// <summary>SPRSound has events, not breathing cycles; a cycle (from another dataset) has no class here.</summary>
    public override float[] CycleLabels(RecordingRef recording, CycleAnnotation cycle) => ClassIndex.OneHot(ClassCount, SprsoundScore.Normal);

    /// <summary>Event tasks: one sample per usable event, in json order. Record tasks: none (the recording is windowed).</summary>
    public override Option<Seq<LabelledSegment>> Segments(RecordingRef recording) => IsEventTask
        ? recording.Events.Map(events => events.Choose(e => EventClass(e.Type).Map(c => LabelledSegment.OfEvent(e, ClassIndex.OneHot(ClassCount, c)))))
        : None;

    public override bool PerCycleOnly => IsEventTask;

    /// <summary>The challenge scores events and records, not patients; its intra-subject test set shares patients with
    /// training by design (the report says so).</summary>
    public override bool AcceptsRecordingSplit => true;

    public override RecordingLabels PlaceholderLabels => new(0);

    /// <summary>SPRSound at its own 8 kHz with the default log-mel features. Events: 3 s windows (99 % of the train
    /// events are shorter), each event repeated to fill it. Records: 10 s windows every 5 s (the release's recordings
    /// are 9.2 s, so mostly one window each). The adapter marks its official test sets, which every job holds out.</summary>
    public override TaskDefaults Defaults => new(
        Seq1(SprsoundAdapter.Name),
        IsEventTask
            ? new ChunkParams(AudioLengthSeconds: 3.0, StepSeconds: 3.0, PerCycle: true, CycleFit: CycleFit.Repeat)
            : new ChunkParams(AudioLengthSeconds: 10.0, StepSeconds: 5.0),
        FeatureParams.Default,
        new SplitParams());

    public override bool IsPositive(double[] labels) => ClassIndex.ArgMax(labels) != SprsoundScore.Normal;

    /// <summary>The challenge's scores over the rows' most probable classes, with the full confusion, accuracy and the
    /// AUC of not-Normal against Normal (score 1 − P(Normal)).</summary>
    public override LevelMetrics Measure(IReadOnlyList<PredictionRow> rows)
    {
        var truth = rows.Select(r => ClassIndex.ArgMax(r.Labels)).ToArray();
        var predicted = rows.Select(r => ClassIndex.ArgMax(r.Probabilities)).ToArray();
        var s = SprsoundScore.FromClasses(truth, predicted, ClassCount, PoorQualityIndex);
        var correct = Enumerable.Range(0, ClassCount).Sum(i => s.Confusion[i][i]);
        var auc = Ranking.RocAuc(truth.Select(t => t != SprsoundScore.Normal).ToArray(), rows.Select(r => 1.0 - r.Probabilities[0]).ToArray());
        return new LevelMetrics(rows.Count, Ratio.Of(correct, rows.Count), s.Sensitivity, s.Specificity, s.AverageScore,
            null, null, auc, null, s.Confusion)
        {
            ChallengeScores = new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["se"] = s.Sensitivity,
                ["sp"] = s.Specificity,
                ["as"] = s.AverageScore,
                ["hs"] = s.HarmonicScore,
                ["score"] = s.Score,
            },
        };
    }

    /// <summary>The level the challenge scores: events (chunks) or records.</summary>
    public PredictionLevel ScoredLevel => IsEventTask ? PredictionLevel.Chunk : PredictionLevel.Recording;

    public override IReadOnlyDictionary<string, double?> EpochMetrics(IReadOnlyList<PredictionRow> chunkRows)
    {
        var rows = IsEventTask ? chunkRows : PredictionLevels.FromChunkRows(chunkRows, this, PatientRule.Mean, RowPrecision.Double).At(ScoredLevel);
        var m = Measure(rows);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, value) in m.ChallengeScores!) d[$"sprsound_{name}"] = value;
        d["accuracy"] = m.Accuracy;
        d["adventitious_auc"] = m.Auc;
        var recall = m.Recall();
        for (int c = 0; c < ClassCount; c++) d[$"{ColumnName(ClassNames[c])}_recall"] = recall[c];
        return d;
    }

    public override IReadOnlyList<(string Column, string Legend)> CurveColumns => Curves;

    private static readonly (string, string)[] Curves =
        [("sprsound_score", "Score"), ("sprsound_se", "SE"), ("sprsound_sp", "SP"), ("accuracy", "accuracy"), ("adventitious_auc", "adventitious AUC")];

    public override string DefaultMonitor => "sprsound_score";
    public override string OriginalMonitor => "sprsound_score";
    public override string HeadlineMetric => "score";

    /// <summary>The scored level's challenge metrics with intervals, then its confusion.</summary>
    public override IEnumerable<string> Headline(ValidationMetrics val)
    {
        var m = val.Levels().First(x => x.Level == (IsEventTask ? "chunk" : "recording")).Metrics;
        var name = IsEventTask ? "event" : "record";
        return new[]
        {
            $"  {name,-9} n={m.Count,-5} Score {Value(m.ChallengeScores?.GetValueOrDefault("score"))}{Interval(m, "score")}  " +
            $"SE {Value(m.Sensitivity)}{Interval(m, "se")}  SP {Value(m.Specificity)}{Interval(m, "sp")}  " +
            $"AS {Value(m.ChallengeScores?.GetValueOrDefault("as"))}  HS {Value(m.ChallengeScores?.GetValueOrDefault("hs"))}  accuracy {Value(m.Accuracy)}",
        }.Concat(Confusion($"{name} confusion", ClassNames, m.Confusion, 14));
    }

    /// <summary>An event type's class in this task (1-1: Normal or Adventitious; 1-2: the type itself).</summary>
    public Option<int> EventClass(string type) => Challenge switch
    {
        EventBinary => type == "Normal" ? 0 : Classes[EventTypes].Contains(type) ? 1 : None,
        EventTypes => IndexOf(type),
        _ => None,
    };

    /// <summary>A record annotation's class in this task (2-1 folds CAS, DAS and CAS &amp; DAS into Adventitious).</summary>
    public Option<int> RecordClass(string label) => Challenge switch
    {
        RecordTernary => label switch
        {
            "Normal" => 0,
            PoorQuality => 2,
            _ => Classes[RecordTypes].Contains(label) ? 1 : None,
        },
        RecordTypes => IndexOf(label),
        _ => None,
    };

    /// <summary>"CAS &amp; DAS" → "cas_das", "Wheeze+Crackle" → "wheeze_crackle": a metrics.csv column.</summary>
    private static string ColumnName(string className) =>
        System.Text.RegularExpressions.Regex.Replace(className.ToLowerInvariant(), "[^a-z0-9]+", "_").Trim('_');

    private Option<int> IndexOf(string name) => System.Array.IndexOf(Classes[Challenge], name) is var i and >= 0 ? i : None;
}
