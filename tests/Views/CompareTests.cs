using DataflowLung.Experiments.Compare;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Tests.Runner;

namespace DataflowLung.Tests.Views;

public sealed class CompareTests : IDisposable
{
    readonly TempFolder tmp = new();

    public void Dispose() => tmp.Dispose();

    static PredictionRow Patient(string id, bool positive, double score) =>
        new(PredictionLevel.Patient, id, "d", id, id, [positive ? 1 : 0], [score]);

    static readonly BootstrapParams Bootstrap = new BootstrapParams() with { Resamples = 500, Seed = 3 };

    [Fact]
    public void Identical_jobs_differ_by_zero_with_p_value_one()
    {
        var rows = Enumerable.Range(0, 20).Select(i => Patient($"p{i}", i % 2 == 0, (i * 7 % 11) / 11.0)).ToList();
        var t = PairedAucTest.Test(rows, rows, Bootstrap);
        Assert.Equal(0, t.Difference);
        Assert.Equal((0.0, 0.0), (t.Interval.Low!.Value, t.Interval.High!.Value));
        Assert.Equal(1.0, t.PValue);
        Assert.Equal(20, t.SharedPatients);
    }

    [Fact]
    public void A_perfect_job_against_a_reversed_one_differs_by_two_with_a_small_p_value()
    {
        var a = Enumerable.Range(0, 30).Select(i => Patient($"p{i}", i % 3 == 0, i % 3 == 0 ? 0.2 : 0.8)).ToList(); // AUC 0
        var b = Enumerable.Range(0, 30).Select(i => Patient($"p{i}", i % 3 == 0, i % 3 == 0 ? 0.8 : 0.2)).ToList(); // AUC 1
        var t = PairedAucTest.Test(a, b, Bootstrap);
        Assert.Equal((0.0, 1.0, 1.0), (t.AucA!.Value, t.AucB!.Value, t.Difference!.Value));
        // Every resample gives +1 as well: none is as far from +1 as +1 is from 0, so p is its floor 1 / (1 + B).
        Assert.Equal(1.0 / (1 + Bootstrap.Resamples), t.PValue!.Value, 12);
    }

    [Fact]
    public void The_difference_is_that_of_the_hand_computed_aucs_on_the_shared_patients_only()
    {
        // A: positives 0.9, 0.4; negatives 0.5, 0.1 → 3 of 4 pairs ordered → 0.75. B: all ordered → 1. p9 only in B.
        var a = new[] { Patient("p1", true, 0.9), Patient("p2", true, 0.4), Patient("p3", false, 0.5), Patient("p4", false, 0.1) };
        var b = new[] { Patient("p1", true, 0.9), Patient("p2", true, 0.6), Patient("p3", false, 0.5), Patient("p4", false, 0.1), Patient("p9", true, 0.0) };
        var t = PairedAucTest.Test(a, b, Bootstrap);
        Assert.Equal(0.25, t.Difference!.Value, 12);
        Assert.Equal((4, 0, 1), (t.SharedPatients, t.OnlyA, t.OnlyB));
        Assert.True(t.PValue is > 0 and <= 1);
    }

    [Fact]
    public void No_shared_patient_or_a_different_truth_gives_no_test_and_says_why()
    {
        var a = new[] { Patient("p1", true, 0.9), Patient("p2", false, 0.1) };
        Assert.Contains("no patient in common", PairedAucTest.Test(a, [Patient("q1", true, 0.9), Patient("q2", false, 0.1)], Bootstrap).Reason);
        var flipped = PairedAucTest.Test(a, [Patient("p1", false, 0.9), Patient("p2", false, 0.1)], Bootstrap);
        Assert.Null(flipped.Difference);
        Assert.Contains("p1", flipped.Reason);
    }

    [Fact]
    public void Compare_writes_three_files_with_one_row_per_job_and_the_differing_parameter()
    {
        JobFolderFixture.Write(tmp.Combine("a"), "tiny", skill: 0.2, seed: 1);
        JobFolderFixture.Write(tmp.Combine("b"), "mixednet", skill: 0.5, seed: 2);
        var written = CompareRun.Run([tmp.Combine("a"), tmp.Combine("b")], tmp.Combine("out"), force: false).Match(w => w, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(["model"], written.Comparison.DifferingParameters);
        var csv = File.ReadAllLines(tmp.Combine("out", "compare.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("A,tiny,train,jordan,model=tiny,validation,patient,auc,", csv[1]);
        Assert.StartsWith("B,mixednet,train,jordan,model=mixednet,validation,patient,auc,", csv[2]);
        var pair = Assert.Single(written.Comparison.Pairs);
        Assert.Equal(12, pair.Test.SharedPatients);
        var report = ReportJson.Deserialize(File.ReadAllText(tmp.Combine("b", "report.json")));
        Assert.Equal(report.Val!.Patient.Auc, pair.Test.AucB);
        var md = File.ReadAllText(tmp.Combine("out", "compare.md"));
        Assert.Contains("B − A, validation: AUC difference", md);
        var html = File.ReadAllText(tmp.Combine("out", "compare.html"));
        Assert.DoesNotContain("http", html);
        Assert.Empty(Directory.GetDirectories(tmp.Combine("out")));
    }

    [Fact]
    public void A_jobs_baseline_is_shown_beside_it_with_the_paired_difference()
    {
        var a = JobFolderFixture.Write(tmp.Combine("a"), "tiny", skill: 0.2, seed: 1);
        JobFolderFixture.Write(tmp.Combine("b"), "mixednet", skill: 0.5, seed: 2);
        // Job a also fitted a baseline (its own metrics stand in for the baseline's) with a known paired difference.
        var difference = new MetricInterval(-0.125, -0.25, 0.0703125, 0.95, 12, 48, 400, 400, null);
        var baseline = new BaselineReport("logistic regression", 256, 48, 1, "patient_auc", [], 0.1, 0.2, a.Val!, null, "auc",
            new Dictionary<string, IReadOnlyDictionary<string, MetricInterval>> { ["validation"] = new Dictionary<string, MetricInterval> { ["patient"] = difference } }, []);
        JobOutputs.WriteReport(new JobFolder(tmp.Combine("a"), "001"), a with { Baseline = baseline });

        CompareRun.Run([tmp.Combine("a"), tmp.Combine("b")], tmp.Combine("out"), force: false).Match(w => w, e => throw new Xunit.Sdk.XunitException(e.Message));

        var csv = File.ReadAllLines(tmp.Combine("out", "compare.csv"));
        Assert.EndsWith(",baseline_value,baseline_low,baseline_high,model_minus_baseline,model_minus_baseline_low,model_minus_baseline_high", csv[0]);
        var cellsA = PredictionsCsv.SplitCsv(csv[1]);
        Assert.Equal(a.Val!.Patient.Auc!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), cellsA[^6]);
        Assert.Equal(["-0.125", "-0.25", "0.0703125"], cellsA[^3..]);
        Assert.Equal(["", "", "", "", "", ""], PredictionsCsv.SplitCsv(csv[2])[^6..]); // b fitted none
        var md = File.ReadAllText(tmp.Combine("out", "compare.md"));
        Assert.Contains("| model − baseline [paired interval] |", md);
        Assert.Contains("-0.125 [-0.250, 0.070]", md.Replace('−', '-'));
    }

    [Fact]
    public void Compare_refuses_to_overwrite_without_force_and_replaces_with_it()
    {
        JobFolderFixture.Write(tmp.Combine("a"), "tiny", skill: 0.2);
        JobFolderFixture.Write(tmp.Combine("b"), "tiny", skill: 0.4, seed: 5);
        Directory.CreateDirectory(tmp.Combine("out"));
        File.WriteAllText(tmp.Combine("out", "compare.md"), "mine");
        var refused = CompareRun.Outcome([tmp.Combine("a"), tmp.Combine("b")], tmp.Combine("out"), force: false).Outcome;
        var bad = Assert.IsType<JobOutcome.BadInput>(refused);
        Assert.Contains(bad.Problems, p => p.Contains("compare.md exists"));
        Assert.Equal("mine", File.ReadAllText(tmp.Combine("out", "compare.md")));
        Assert.False(File.Exists(tmp.Combine("out", "compare.html")));
        Assert.True(CompareRun.Outcome([tmp.Combine("a"), tmp.Combine("b")], tmp.Combine("out"), force: true).Outcome.IsSuccess);
        Assert.NotEqual("mine", File.ReadAllText(tmp.Combine("out", "compare.md")));
    }

    [Fact]
    public void Compare_refuses_jobs_of_different_tasks_naming_each()
    {
        JobFolderFixture.Write(tmp.Combine("a"), "tiny", skill: 0.2);
        JobFolderFixture.Write(tmp.Combine("b"), "tiny", skill: 0.4);
        var json = File.ReadAllText(tmp.Combine("b", "report.json")).Replace("\"task\": \"pneumonia\"", "\"task\": \"crackles_wheezes\"");
        File.WriteAllText(tmp.Combine("b", "report.json"), json);
        var outcome = Assert.IsType<JobOutcome.BadInput>(CompareRun.Outcome([tmp.Combine("a"), tmp.Combine("b")], tmp.Combine("out"), false).Outcome);
        Assert.Equal("cannot compare jobs of different tasks:", outcome.Headline);
        Assert.Contains(outcome.Problems, p => p.StartsWith("B: crackles_wheezes", StringComparison.Ordinal));
        Assert.False(Directory.Exists(tmp.Combine("out")));
    }

    [Fact]
    public void Folders_that_are_not_jobs_are_named_with_what_is_wrong()
    {
        Directory.CreateDirectory(tmp.Combine("empty"));
        Directory.CreateDirectory(tmp.Combine("cv"));
        File.WriteAllText(tmp.Combine("cv", "folds.json"), "{}");
        Assert.Contains("no report.json", Problem(ComparedJob.Load(tmp.Combine("empty"))));
        Assert.Contains("runner aggregate", Problem(ComparedJob.Load(tmp.Combine("cv"))));
        Assert.Contains("no such folder", Problem(ComparedJob.Load(tmp.Combine("missing"))));
        JobFolderFixture.Write(tmp.Combine("a"), "tiny", skill: 0.2);
        Assert.IsType<JobOutcome.BadInput>(CompareRun.Outcome([tmp.Combine("a")], tmp.Combine("out"), false).Outcome); // one job: nothing to compare
    }

    [Fact]
    public void The_headline_level_is_where_each_task_is_judged()
    {
        var sprsound = Pipeline.Tasks.TaskRegistry.Find("sprsound").Map(t => t.Variants.ToDictionary(v => v.VariantName.IfNone(""), v => v.HeadlineLevel)).IfNone([]);
        Assert.Equal(PredictionLevel.Chunk, sprsound["1-1"]); // events
        Assert.Equal(PredictionLevel.Recording, sprsound["2-1"]); // records
        Assert.Equal(PredictionLevel.Patient, Pipeline.Tasks.TaskRegistry.Pneumonia.HeadlineLevel);
        Assert.Equal(PredictionLevel.Chunk, Pipeline.Tasks.TaskRegistry.Cycles.HeadlineLevel);
        Assert.Equal("2-2", Experiments.Report.StoredTask.Of("sprsound", "2-2").Bind(t => t.VariantName).IfNone(""));
    }

    [Fact]
    public void A_segment_whose_truth_differs_between_jobs_is_refused_by_name()
    {
        PredictionRow Chunk(string name, string patient, bool positive, double score) => new(PredictionLevel.Chunk, name, "d", "r", patient, [positive ? 1 : 0], [score]);
        var a = new[] { Chunk("c1", "p1", true, 0.9), Chunk("c2", "p1", false, 0.2), Chunk("c3", "p2", false, 0.1) };
        Assert.NotNull(PairedAucTest.Test(a, a, Bootstrap).Difference); // chunks of one patient with different truths are fine
        var b = new[] { Chunk("c1", "p1", true, 0.9), Chunk("c2", "p1", true, 0.2), Chunk("c3", "p2", false, 0.1) };
        Assert.Contains("c2", PairedAucTest.Test(a, b, Bootstrap).Reason);
    }

    static string Problem<T>(LanguageExt.Fin<T> f) => f.Match(_ => "", e => e.Message);
}
