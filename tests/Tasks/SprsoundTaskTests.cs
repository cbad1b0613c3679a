using DataflowLung.Experiments.Parameters;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Tasks;

/// <summary>The four SPRSound challenge tasks: their classes, labels and samples, their scoring, the variant
/// parameter, and the official test sets every job holds out.</summary>
public sealed class SprsoundTaskTests
{
    static readonly SprsoundTask T11 = new("1-1"), T12 = new("1-2"), T21 = new("2-1"), T22 = new("2-2");

    static EventAnnotation Event(int startMs, int endMs, string type) => new(TimeSpan.FromMilliseconds(startMs), TimeSpan.FromMilliseconds(endMs), type);

    static RecordingRef Recording(string name, string patient, string record, string part, params EventAnnotation[] events) =>
        new("sprsound", $"/data/{name}.wav", name, patient, new RecordingLabels(1), None,
            Events: Some(toSeq(events)), RecordAnnotation: Some(record), OfficialPart: Some(part));

    [Fact]
    public void Each_task_has_the_challenge_classes_normal_first()
    {
        Assert.Equal(["Normal", "Adventitious"], T11.ClassNames);
        Assert.Equal(["Normal", "Rhonchi", "Wheeze", "Stridor", "Coarse Crackle", "Fine Crackle", "Wheeze+Crackle"], T12.ClassNames);
        Assert.Equal(["Normal", "Adventitious", "Poor Quality"], T21.ClassNames);
        Assert.Equal(["Normal", "CAS", "DAS", "CAS & DAS", "Poor Quality"], T22.ClassNames);
        Assert.All(new[] { T11, T12, T21, T22 }, t => Assert.Equal(Activation.Softmax, t.Activation));
        Assert.Equal(["sprsound_1_1", "sprsound_1_2", "sprsound_2_1", "sprsound_2_2"], T21.Variants.Select(v => v.StoredName));
        Assert.All(T21.Variants, v => Assert.Equal(v, TaskRegistry.FromStored(v.StoredName).IfNone(TaskRegistry.Pneumonia)));
    }

    [Fact]
    public void Event_types_and_record_labels_map_to_each_tasks_classes()
    {
        Assert.Equal(Some(0), T11.EventClass("Normal"));
        Assert.All(new[] { "Rhonchi", "Wheeze", "Stridor", "Coarse Crackle", "Fine Crackle", "Wheeze+Crackle" }, t => Assert.Equal(Some(1), T11.EventClass(t)));
        Assert.Equal(Some(5), T12.EventClass("Fine Crackle"));
        Assert.Equal(Option<int>.None, T12.EventClass("Crackle"));
        Assert.Equal((Some(0), Some(1), Some(1), Some(1), Some(2)),
            (T21.RecordClass("Normal"), T21.RecordClass("CAS"), T21.RecordClass("DAS"), T21.RecordClass("CAS & DAS"), T21.RecordClass("Poor Quality")));
        Assert.Equal(Some(3), T22.RecordClass("CAS & DAS"));
        Assert.Equal(Option<int>.None, T22.RecordClass("Adventitious"));
    }

    [Fact]
    public void Event_tasks_take_one_sample_per_event_in_json_order_cut_at_the_datasets_sample_rule()
    {
        // json order is not time order; times in whole milliseconds
        var rec = Recording("a", "1", "Normal", OfficialParts.Train, Event(1250, 2001, "Wheeze"), Event(0, 1250, "Normal"), Event(2001, 2400, "Fine Crackle"));
        var segments = T12.Segments(rec).Match(s => s.ToArray(), () => System.Array.Empty<LabelledSegment>());
        Assert.Equal(3, segments.Length);
        Assert.Equal([(10000, 16008), (0, 10000), (16008, 19200)], segments.Select(s => s.Range(100_000, 8000)));
        Assert.Equal([2, 0, 5], segments.Select(s => ClassIndex.ArgMax(s.Labels)));

        var samples = Enumerable.Range(0, 8000 * 3).Select(i => (float)i).ToArray();
        var chunks = Chunker.Chunk(rec, samples, 8000, T12.Defaults.Chunk, T12);
        Assert.Equal(new[] { "a_c0", "a_c1", "a_c2" }, chunks.Map(c => c.Name).ToArray());
        Assert.Equal(10000f, chunks[0].Samples[0]); // the wheeze, first in the json, starts at 1.25 s
        Assert.Equal(new[] { 2, 0, 5 }, chunks.Map(c => ClassIndex.ArgMax(c.Labels)).ToArray());
    }

    [Fact]
    public void Record_tasks_window_the_recording_with_its_class_and_poor_quality_recordings_give_no_event_sample()
    {
        var poor = Recording("p", "1", "Poor Quality", OfficialParts.Train);
        Assert.True(T21.Segments(poor).IsNone);
        Assert.True(T21.IsUsable(poor));
        var chunks = Chunker.Chunk(poor, new float[8000 * 12], 8000, T21.Defaults.Chunk, T21);
        Assert.Equal(2, chunks.Count);
        Assert.All(chunks, c => Assert.Equal([0f, 0f, 1f], c.Labels));

        Assert.False(T11.IsUsable(poor));
        Assert.Contains("no annotated event", T11.LabelProblem(poor).IfNone(""));
        var unknown = Recording("u", "1", "Normal", OfficialParts.Train, Event(0, 100, "Squawk"));
        Assert.Contains("unknown event type 'Squawk'", T12.LabelProblem(unknown).IfNone(""));
        Assert.Contains("unknown record annotation 'Noisy'", T21.LabelProblem(Recording("n", "1", "Noisy", OfficialParts.Train)).IfNone(""));
    }

    [Fact]
    public void Measure_is_the_challenge_score_of_the_most_probable_classes()
    {
        // one window per recording, so the record level (what the epoch metrics of a record task score) holds the same rows
        PredictionRow Row(string rec, int truth, params float[] p) =>
            new(PredictionLevel.Chunk, $"{rec}_0", "sprsound", rec, "1", [.. ClassIndex.OneHot(3, truth)], [.. p]);
        var rows = new[]
        {
            Row("a", 0, 0.8f, 0.1f, 0.1f), Row("b", 0, 0.2f, 0.1f, 0.7f), // a Normal called Poor Quality counts against SP
            Row("c", 1, 0.1f, 0.8f, 0.1f), Row("d", 1, 0.6f, 0.3f, 0.1f),
            Row("e", 2, 0.1f, 0.1f, 0.8f),                                 // Poor Quality truth counts nowhere
        };
        var m = T21.Measure(rows);
        var expected = SprsoundScore.FromConfusion([[1, 0, 1], [1, 1, 0], [0, 0, 1]], poorQuality: 2);
        Assert.Equal(expected.Confusion, m.Confusion);
        Assert.Equal(0.5, m.Specificity!.Value, 12);
        Assert.Equal(0.5, m.Sensitivity!.Value, 12);
        Assert.Equal(expected.Score, m.ChallengeScores!["score"]);
        Assert.Equal(expected.HarmonicScore, m.Named()["hs"]);
        Assert.Equal(expected.Score!.Value, T21.EpochMetrics(rows)["sprsound_score"]!.Value, 6);
    }

    [Fact]
    public void The_task_variant_parameter_switches_the_variant_and_follows_its_defaults()
    {
        var start = JobParameters.Defaults(T21);
        var events = TaskVariant.Switch(start, "1-2").Match(Succ: p => p, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(T12, events.Task);
        Assert.Equal(T12.Defaults.Chunk, events.Chunk);
        Assert.True(events.Chunk.PerCycle);

        var explicitChunk = start with { Chunk = start.Chunk with { AudioLengthSeconds = 4 } };
        var kept = TaskVariant.Switch(explicitChunk, "1-1").Match(Succ: p => p, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(4, kept.Chunk.AudioLengthSeconds);

        Assert.Equal("expected one of 1-1, 1-2, 2-1, 2-2 (got \"3-1\")", TaskVariant.Switch(start, "3-1").Match(Succ: _ => "", Fail: e => e.Message));
        Assert.Equal("the pneumonia task has no variants", TaskVariant.Switch(JobParameters.Defaults(TaskRegistry.Pneumonia), "1-1").Match(Succ: _ => "", Fail: e => e.Message));
    }

    [Fact]
    public void Official_test_sets_are_held_out_and_a_patient_level_task_drops_the_one_sharing_training_patients()
    {
        var recordings = Seq(
            Recording("t1", "1", "Normal", OfficialParts.Train, Event(0, 500, "Normal")),
            Recording("t2", "2", "CAS", OfficialParts.Train, Event(0, 500, "Wheeze")),
            Recording("t3", "3", "DAS", OfficialParts.Train, Event(0, 500, "Fine Crackle")),
            Recording("t4", "4", "Normal", OfficialParts.Train, Event(0, 500, "Normal")),
            Recording("x1", "9", "Normal", OfficialParts.InterTest, Event(0, 500, "Normal")),
            Recording("y1", "1", "CAS", OfficialParts.IntraTest, Event(0, 500, "Wheeze")));
        var scan = new DatasetScan("sprsound", recordings, Empty, Empty, TestParts: Seq(OfficialParts.InterTest, OfficialParts.IntraTest));

        var split = PatientSplit.SplitScans(Seq1(scan), new SplitParams(TrainRatio: 0.5), T21).ThrowIfFail();
        Assert.Equal(new[] { "inter", "intra" }, split.Tests.Map(t => t.Key).ToArray());
        Assert.Equal(new[] { "x1" }, split.Tests[0].Recordings.Map(r => r.Name).ToArray());
        Assert.DoesNotContain((split.Train + split.Validation).Map(r => r.Name), n => n is "x1" or "y1");
        Assert.Contains(split.Notes, n => n.Contains("test set intra") && n.Contains("1 of them also training patients"));

        var pneumonia = PatientSplit.SplitScans(Seq1(scan), new SplitParams(TrainRatio: 0.5), TaskRegistry.Pneumonia).ThrowIfFail();
        Assert.Equal(new[] { "inter" }, pneumonia.Tests.Map(t => t.Key).ToArray());
        Assert.Contains(pneumonia.Notes, n => n.Contains("test set intra") && n.Contains("not scored"));
    }
}
