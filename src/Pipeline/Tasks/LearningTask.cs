using System.Text.Json.Serialization;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Metrics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>What a job learns, as one object: its names, outputs and head, classes, labels, positive rule, metrics,
/// monitor, report headline and what a dataset must provide. Whatever differs between tasks is asked of the task:
/// nothing outside the task files tests which task it is. A new task is one record deriving from this one and one
/// line in <see cref="TaskRegistry"/>. Tasks are values (records): two <c>CyclesTask(4)</c> are the same task, so
/// derived tasks keep no instance fields but their parameters.</summary>
[JsonConverter(typeof(StoredTaskJson))]
public abstract record LearningTask
{
    // ---- Names

    /// <summary>The command and job-folder name (<c>runner NAME</c>), as params.json, report.json, split.json and
    /// folds.json record it.</summary>
    public abstract string Name { get; }

    /// <summary>The command's line in <c>runner --help</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The name model.json records, the spelling checkpoints have always carried; unlike <see cref="Name"/> it
    /// tells the variants of one command apart.</summary>
    public abstract string StoredName { get; }

    /// <summary>The tasks one command trains, told apart by a parameter (the cycles task's class counts).</summary>
    public virtual IEnumerable<LearningTask> Variants => [this];

    /// <summary>The name a command's <c>--task</c> option (the <c>task_variant</c> parameter) picks this variant by, for a
    /// task whose command trains several (sprsound's "1-1" …); None otherwise.</summary>
    public virtual Option<string> VariantName => None;

    /// <summary>Prints as the enum it replaces did ("Pneumonia", "CracklesWheezes", "CyclesBinary"): ONNX graph names and
    /// messages keep their text.</summary>
    public sealed override string ToString() => string.Concat(StoredName.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    // ---- Outputs and head

    /// <summary>One name per model output: predictions.csv's <c>label_</c>/<c>p_</c> columns, the ONNX outputs, the
    /// explanation folders.</summary>
    public abstract IReadOnlyList<string> OutputNames { get; }

    public int Outputs => OutputNames.Count;

    /// <summary>Independent sigmoid outputs, or a softmax over exclusive classes.</summary>
    public abstract Activation Activation { get; }

    public bool ExclusiveClasses => Activation == Activation.Softmax;

    /// <summary>One sigmoid score (pneumonia): a yes/no threshold applies, chosen on validation (<see cref="Metrics.DecisionThreshold"/>).</summary>
    public bool SingleScore => Outputs == 1 && Activation == Activation.Sigmoid;

    /// <summary>The level a reader judges the task at (report.html's summary box, <c>runner compare</c>'s headline and
    /// paired test): patients for a one-score task (its threshold is chosen there), segments (chunks, cycles) otherwise.</summary>
    public virtual Metrics.PredictionLevel HeadlineLevel => SingleScore ? Metrics.PredictionLevel.Patient : Metrics.PredictionLevel.Chunk;

    // ---- Classes: the index class weights, oversampling, the mixers' labels and the confusion speak in

    /// <summary>Class names in index order: confusion axes, report columns, census counts.</summary>
    public abstract IReadOnlyList<string> ClassNames { get; }

    public int ClassCount => ClassNames.Count;

    /// <summary>The class of a (hard, or mixed: its dominant class) label vector.</summary>
    public int ClassOf(ReadOnlySpan<float> labels) =>
        labels.Length == Outputs
            ? Classify(labels)
            : throw new ArgumentException($"a {Name} label has {Outputs} values (got {labels.Length})", nameof(labels));

    protected abstract int Classify(ReadOnlySpan<float> labels);

    /// <summary>How much of each class a (possibly soft, mixed) label is: a loss weight per sample is the expected
    /// class weight under these shares (<see cref="Augment.ClassWeightTable"/>).</summary>
    public abstract float[] ClassShares(ReadOnlySpan<float> labels);

    /// <summary>The chunk classes <c>runner datasets</c> and the report's data block count, in their order.</summary>
    public virtual IReadOnlyList<string> SummaryClasses => ClassNames;

    public virtual string SummaryClassOf(float[] labels) => ClassNames[ClassOf(labels)];

    /// <summary>The recording-level class counts of a dataset the report shows for this task.</summary>
    public abstract Seq<ClassCount> RecordingCounts(DatasetSummary summary);

    // ---- Data and labels

    /// <summary>Whether a dataset whose adapter provides <paramref name="provided"/> can serve this task.</summary>
    public abstract bool CanLearnFrom(DatasetLabels provided);

    /// <summary>Whether the recording carries the labels this task needs.</summary>
    public abstract bool IsUsable(RecordingRef recording);

    /// <summary>Why a recording cannot give labelled chunks, if it cannot (the stages make it a fault of the file).</summary>
    public abstract Option<string> LabelProblem(RecordingRef recording);

    /// <summary>The label a patient-grouped split and the folds stratify on.</summary>
    public abstract bool PatientPositive(IEnumerable<RecordingRef> recordings);

    /// <summary>The label vector of the window [start, end) seconds of a recording.</summary>
    public abstract float[] WindowLabels(RecordingRef recording, ChunkParams p, double start, double end);

    /// <summary>The label vector of one annotated cycle (per-cycle chunks).</summary>
    public abstract float[] CycleLabels(RecordingRef recording, CycleAnnotation cycle);

    /// <summary>The annotated segments per-cycle chunking cuts one sample each from, labelled; None where the recording
    /// has none (it is windowed instead). By default its breathing cycles labelled by <see cref="CycleLabels"/>.</summary>
    public virtual Option<Seq<LabelledSegment>> Segments(RecordingRef recording) =>
        recording.Cycles.Map(cycles => cycles.Map(c => LabelledSegment.OfCycle(c, CycleLabels(recording, c))));

    /// <summary>Labels that make an unlabelled input file usable for this task (predict); they mean nothing.</summary>
    public abstract RecordingLabels PlaceholderLabels { get; }

    /// <summary>One sample per annotated cycle whatever <c>per_cycle</c> says.</summary>
    public virtual bool PerCycleOnly => false;

    /// <summary>Whether a split by recording (the ICBHI challenge's, which may put a patient on both sides) is acceptable:
    /// only for a task scored per cycle, as the challenge is; one aggregating by patient would leak.</summary>
    public virtual bool AcceptsRecordingSplit => false;

    /// <summary>The parameters this task starts from where they differ from the original's.</summary>
    public virtual TaskDefaults Defaults => TaskDefaults.Original;

    // ---- Parameters of a task

    /// <summary>The <c>cycle_classes</c> parameter, for the task it applies to.</summary>
    public virtual Option<int> CycleClasses => None;

    public virtual Fin<LearningTask> WithCycleClasses(int classes) =>
        FinFail<LearningTask>(Error.New($"applies to the cycles task only (this job is {Name})"));

    // ---- Metrics

    /// <summary>What a positive patient (<see cref="PatientPositive"/>) is called in fold listings.</summary>
    public abstract string PositiveName { get; }

    /// <summary>Whether a row counts as positive (pneumonia, or an adventitious sound) for the level support.</summary>
    public abstract bool IsPositive(double[] labels);

    /// <summary>The metrics of the rows of one level: the report's, and what the per-epoch metrics project.</summary>
    public abstract LevelMetrics Measure(IReadOnlyList<PredictionRow> rows);

    /// <summary>The flattened metrics of one epoch's validation chunks (metrics.csv's columns, <c>--monitor</c>'s
    /// names): a projection of <see cref="Measure"/> over the levels the task reports per epoch.</summary>
    public abstract IReadOnlyDictionary<string, double?> EpochMetrics(IReadOnlyList<PredictionRow> chunkRows);

    /// <summary>The per-epoch columns plots/metrics.png draws, with their legends.</summary>
    public abstract IReadOnlyList<(string Column, string Legend)> CurveColumns { get; }

    /// <summary>The metric early stopping, LR steps and the best checkpoint follow when none is chosen.</summary>
    public abstract string DefaultMonitor { get; }

    /// <summary>The metric the original system followed (<c>preset original</c>).</summary>
    public abstract string OriginalMonitor { get; }

    /// <summary>Why <paramref name="monitor"/> is undefined on <paramref name="validation"/> before any model ran,
    /// when the labels alone show it.</summary>
    public virtual Option<string> UndefinedMonitor(string monitor, IEnumerable<RecordingRef> validation) => None;

    /// <summary>The report metric a cross-validation summarises per fold.</summary>
    public abstract string HeadlineMetric { get; }

    /// <summary>The lines printed at the end of a job.</summary>
    public abstract IEnumerable<string> Headline(ValidationMetrics val);
}
