using System.Text.Json;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Tasks;

/// <summary>The task objects keep what the enum they replace meant: names on disk, the datasets serving each task,
/// value equality, and the class-weight arithmetic of the old per-task formulas, bit for bit.</summary>
public sealed class TaskRegistryTests
{
    [Fact]
    public void Commands_and_stored_names_are_those_jobs_and_checkpoints_have_always_carried()
    {
        // The commands, in the order the CLI lists them (a task added later comes after these).
        Assert.Equal(["pneumonia", "cw", "cycles"], TaskRegistry.Names.Take(3).ToArray());
        Assert.Equal($"{string.Join(", ", TaskRegistry.Names.SkipLast(1))} or {TaskRegistry.Names.Last()}", TaskRegistry.NameList);
        var stored = new (string Name, LearningTask Task)[]
        {
            ("pneumonia", TaskRegistry.Pneumonia), ("crackles_wheezes", TaskRegistry.CracklesWheezes),
            ("cycles", new CyclesTask(4)), ("cycles_binary", new CyclesTask(2)),
        };
        foreach (var (name, task) in stored)
        {
            Assert.Equal(name, task.StoredName);
            Assert.Equal(task, TaskRegistry.FromStored(name).IfNone(() => throw new Xunit.Sdk.XunitException(name)));
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(task, CheckpointStore.Json));
            Assert.Equal(task, JsonSerializer.Deserialize<LearningTask>($"\"{name}\"", CheckpointStore.Json));
        }
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LearningTask>("\"nope\"", CheckpointStore.Json));
        // As the enum printed (ONNX graph names and messages use it).
        Assert.Equal(["Pneumonia", "CracklesWheezes", "Cycles", "CyclesBinary"], stored.Select(s => s.Task.ToString()).ToArray());
        Assert.True(TaskRegistry.Find("cycles").IsSome);
        Assert.True(TaskRegistry.Find("crackles_wheezes").IsNone);
    }

    [Fact]
    public void Tasks_are_values()
    {
        Assert.Equal(new PneumoniaTask(), TaskRegistry.Pneumonia);
        Assert.Equal(new CyclesTask(4), TaskRegistry.Cycles);
        Assert.NotEqual(new CyclesTask(2), TaskRegistry.Cycles);
        Assert.NotEqual<LearningTask>(TaskRegistry.CracklesWheezes, TaskRegistry.Pneumonia);
        Assert.Equal(TaskRegistry.Cycles, TaskRegistry.Cycles.WithCycleClasses(4).Match(t => t, _ => throw new Xunit.Sdk.XunitException("4")));
        Assert.Equal("expected 4 or 2, got 3", TaskRegistry.Cycles.WithCycleClasses(3).Match(Succ: _ => "", Fail: e => e.Message));
        Assert.Equal("applies to the cycles task only (this job is cw)", TaskRegistry.CracklesWheezes.WithCycleClasses(2).Match(Succ: _ => "", Fail: e => e.Message));
    }

    // Which of these datasets serves which task (a dataset added later is checked by its own tests, so this table
    // needs no edit for it): pneumonia, cw, cycles, a SPRSound record task.
    public static TheoryData<string, bool, bool, bool, bool> Serving => new()
    {
        { "icbhi", true, true, true, false },
        { "jordan", true, true, false, false },
        { "perch", false, true, true, false },
        { "antwerp", true, true, true, false },
        { "antwerp-sim", true, true, true, false },
        { "bd", true, false, false, false },
        { "sprsound", true, false, false, true },
    };

    [Theory]
    [MemberData(nameof(Serving))]
    public void The_datasets_serving_a_task_follow_from_what_each_adapter_provides(string dataset, bool pneumonia, bool cw, bool cycles, bool sprsound)
    {
        Assert.Equal(pneumonia, KnownDatasets.For(TaskRegistry.Pneumonia).Contains(dataset));
        Assert.Equal(cw, KnownDatasets.For(TaskRegistry.CracklesWheezes).Contains(dataset));
        Assert.Equal(cycles, KnownDatasets.For(TaskRegistry.Cycles).Contains(dataset));
        Assert.Equal(cycles, KnownDatasets.For(new CyclesTask(2)).Contains(dataset));
        Assert.Equal(sprsound, KnownDatasets.For(new SprsoundTask(SprsoundTask.RecordTernary)).Contains(dataset));
    }

    [Fact]
    public void Sample_weights_are_the_old_per_task_formulas_bit_for_bit()
    {
        var rng = new Random(5);
        float[] w2 = [0.3f, 1.7f], w4 = [0.4f, 1.3f, 2.9f, 7.1f];
        for (int i = 0; i < 500; i++)
        {
            float a = (float)rng.NextDouble(), b = (float)rng.NextDouble();
            Assert.Equal(a * w2[1] + (1 - a) * w2[0], new ClassWeightTable(TaskRegistry.Pneumonia, w2).SampleWeight([a]));
            Assert.Equal((1 - a) * (1 - b) * w4[0] + a * (1 - b) * w4[1] + (1 - a) * b * w4[2] + a * b * w4[3],
                new ClassWeightTable(TaskRegistry.CracklesWheezes, w4).SampleWeight([a, b]));
            float[] mixed = [a * (1 - b), (1 - a) * (1 - b), b, 0];
            float expected = 0;
            for (int k = 0; k < 4; k++) expected += mixed[k] * w4[k];
            Assert.Equal(expected, new ClassWeightTable(TaskRegistry.Cycles, w4).SampleWeight(mixed));
        }
    }

    [Fact]
    public void Labels_classes_and_label_problems_follow_the_task()
    {
        var cycles = Seq1(new CycleAnnotation(0, 4, Crackles: true, Wheezes: true));
        var icbhi = new RecordingRef("icbhi", "/d/icbhi/r.wav", "r", "1", new RecordingLabels(1), Some(cycles));
        var unannotated = icbhi with { Cycles = None };
        var p = new ChunkParams();
        Assert.Equal([1f], TaskRegistry.Pneumonia.WindowLabels(icbhi, p, 0, 10));
        Assert.Equal([1f, 1f], TaskRegistry.CracklesWheezes.WindowLabels(icbhi, p, 0, 10));
        Assert.Equal([0f, 0f, 0f, 1f], TaskRegistry.Cycles.WindowLabels(icbhi, p, 0, 10));
        Assert.Equal([0f, 1f], new CyclesTask(2).CycleLabels(icbhi, cycles.Head));
        Assert.Equal(3, TaskRegistry.CracklesWheezes.ClassOf([1f, 1f]));
        Assert.Throws<ArgumentException>(() => TaskRegistry.CracklesWheezes.ClassOf([1f]));
        Assert.True(TaskRegistry.Pneumonia.LabelProblem(unannotated).IsNone);
        Assert.StartsWith("no cycle annotations: icbhi recordings", TaskRegistry.CracklesWheezes.LabelProblem(unannotated).IfNone(""));
        var jordanLike = unannotated with { Dataset = "jordan", Labels = new RecordingLabels(-1) };
        Assert.StartsWith("no usable pneumonia label (label -1", TaskRegistry.Pneumonia.LabelProblem(jordanLike).IfNone(""));
        Assert.StartsWith("no crackle/wheeze labels", TaskRegistry.Cycles.LabelProblem(jordanLike).IfNone(""));
    }
}
