using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using FsCheck.Xunit;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary>The patient-grouped (group) split: no patient on both sides, stratified, seeded.</summary>
public sealed class PatientGroupSplitTests
{
    /// <summary>Jordan-like: each patient has three recordings (B, D, E filters); every <paramref name="everyNth"/> patient positive.</summary>
    static Seq<RecordingRef> Patients(int count, int everyNth, string dataset = "jordan") =>
        toSeq(Enumerable.Range(1, count).SelectMany(p => "BDE".Select(f =>
            Recordings.Plain($"{f}P{p}_x", pneumonia: p % everyNth == 0 ? 1 : 0, patient: p.ToString(), dataset: dataset))));

    static System.Collections.Generic.HashSet<string> Keys(Seq<RecordingRef> rs) => rs.Map(r => r.PatientKey).ToHashSet();

    [Property(MaxTest = 100)]
    public bool No_patient_is_on_both_sides_for_any_seed(int seed, byte patients, byte nth, bool kfold)
    {
        var recs = Patients(2 + patients % 60, 1 + nth % 6) + Patients(5 + patients % 7, 2, "icbhi");
        var p = kfold ? new SplitParams(Seed: seed, KFold: 5, Fold: Math.Abs(seed % 5)) : new SplitParams(Seed: seed);
        var split = PatientSplit.Split(recs, p, TaskRegistry.Pneumonia);
        return !Keys(split.Train).Overlaps(Keys(split.Validation))
            && split.Train.Count + split.Validation.Count == recs.Count;
    }

    [Fact]
    public void Holdout_is_stratified_by_patient_label_with_the_original_ratio()
    {
        var split = PatientSplit.Split(Patients(50, 5), new SplitParams(), TaskRegistry.Pneumonia); // 10 positive, 40 negative
        var valPatients = split.Validation.GroupBy(r => r.Patient).ToArray();
        Assert.Equal(2, valPatients.Count(g => g.First().Labels.Pneumonia == 1));
        Assert.Equal(8, valPatients.Count(g => g.First().Labels.Pneumonia == 0));
        Assert.All(valPatients, g => Assert.Equal(3, g.Count())); // all three filters travel together
        Assert.Contains("stratified", split.Notes.Head);
    }

    [Fact]
    public void Same_seed_same_split_and_another_seed_usually_another()
    {
        var recs = Patients(40, 4);
        var a = PatientSplit.Split(recs, new SplitParams(Seed: 12), TaskRegistry.Pneumonia);
        var b = PatientSplit.Split(recs, new SplitParams(Seed: 12), TaskRegistry.Pneumonia);
        var c = PatientSplit.Split(recs, new SplitParams(Seed: 13), TaskRegistry.Pneumonia);
        Assert.Equal(a.Validation.Map(r => r.Name).ToArray(), b.Validation.Map(r => r.Name).ToArray());
        Assert.NotEqual(a.Validation.Map(r => r.Name).ToArray(), c.Validation.Map(r => r.Name).ToArray());
    }

    [Fact]
    public void Seeded_split_is_pinned_so_it_is_the_same_on_every_machine()
    {
        var split = PatientSplit.Split(Patients(10, 3), new SplitParams(Seed: 12), TaskRegistry.Pneumonia);
        var validation = split.Validation.Map(r => int.Parse(r.Patient)).Distinct().OrderBy(x => x).ToArray();
        Assert.Equal(PinnedValidation, validation);
    }

    static readonly int[] PinnedValidation = [1, 3, 8]; // recorded from the first run; must never change

    [Fact]
    public void Stratification_falls_back_when_a_class_has_under_two_patients()
    {
        var recs = Patients(10, 100) + toSeq([Recordings.Plain("BP99_pneumonia", pneumonia: 1, patient: "99", dataset: "jordan")]);
        var split = PatientSplit.Split(recs, new SplitParams(), TaskRegistry.Pneumonia);
        Assert.Contains("NOT stratified", split.Notes.Head);
        Assert.Equal(3, split.Validation.Map(r => r.Patient).Distinct().Count()); // ⌈0.2 × 11⌉
    }

    [Fact]
    public void Kfold_folds_partition_the_patients()
    {
        var recs = Patients(23, 4);
        var folds = Enumerable.Range(0, 5).Select(f => PatientSplit.Split(recs, new SplitParams(KFold: 5, Fold: f), TaskRegistry.Pneumonia)).ToArray();
        var all = folds.SelectMany(f => f.Validation.Map(r => r.PatientKey).Distinct()).ToArray();
        Assert.Equal(23, all.Length);
        Assert.Equal(23, all.Distinct().Count());
        Assert.All(folds, f => Assert.InRange(f.Validation.Map(r => r.Patient).Distinct().Count(), 4, 5));
        Assert.All(folds, f => Assert.InRange(f.Validation.Filter(r => r.Labels.Pneumonia == 1).Map(r => r.Patient).Distinct().Count(), 1, 2));
    }

    [Fact]
    public void Recordings_without_the_tasks_label_are_left_out()
    {
        var recs = Patients(10, 3) + toSeq([Recordings.Plain("unknown", pneumonia: -1, patient: "77", dataset: "jordan")]);
        var split = PatientSplit.Split(recs, new SplitParams(), TaskRegistry.Pneumonia);
        Assert.DoesNotContain(split.Train + split.Validation, r => r.Patient == "77");
    }

    [Theory]
    [InlineData(10, 0.8, 2)]
    [InlineData(5, 0.8, 1)]
    [InlineData(2, 0.8, 1)]
    [InlineData(1, 0.8, 0)]
    [InlineData(3, 0.5, 2)]
    public void Validation_count_is_the_ceiling_of_the_validation_share(int patients, double ratio, int expected) =>
        Assert.Equal(expected, PatientSplit.ValidationCount(patients, ratio));

    [Fact]
    public void The_leak_assertion_throws_on_a_patient_on_both_sides()
    {
        var a = Recordings.Plain("a", patient: "1");
        Assert.Throws<InvalidOperationException>(() => PatientSplit.AssertNoPatientOnBothSides(new SplitResult(Seq1(a), Seq1(a with { Name = "b" }))));
    }

    [Fact]
    public void Official_split_is_used_when_asked_and_an_error_when_absent()
    {
        using var dir = new TempFolder();
        var path = dir.File("split.txt", "101_1b1_Al_sc_Meditron\ttest\r\n103_2b2_Ar_mc_LittC2SE\ttrain\r\n");
        var official = OfficialSplit.Parse(path).ThrowIfFail();
        var recs = Seq(
            Recordings.Plain("101_1b1_Al_sc_Meditron", patient: "101", dataset: "icbhi"),
            Recordings.Plain("103_2b2_Ar_mc_LittC2SE", patient: "103", dataset: "icbhi"));
        var scan = new DatasetScan("icbhi", recs, Empty, Empty, Some(official));
        var split = PatientSplit.SplitScans(Seq1(scan), new SplitParams(UseOfficialIcbhiSplit: true), TaskRegistry.Pneumonia).ThrowIfFail();
        Assert.Equal(new[] { "103" }, split.Train.Map(r => r.Patient).ToArray());
        Assert.Equal(new[] { "101" }, split.Validation.Map(r => r.Patient).ToArray());
        var none = PatientSplit.SplitScans(Seq1(scan with { OfficialSplit = None }), new SplitParams(UseOfficialIcbhiSplit: true), TaskRegistry.Pneumonia);
        Assert.Contains("ICBHI_challenge_train_test.txt", ((LanguageExt.Common.Error)none).Message);
    }
}
