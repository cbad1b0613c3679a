using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Audio;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary>Cross-validation folds by patient: a partition per repeat, balanced sizes, stratified when every class
/// has a patient per fold, a pure function of (seed, patient set).</summary>
public sealed class PatientFoldsTests
{
    private static Gen<FoldPatient[]> PatientSets =>
        from n in Gen.Choose(2, 60)
        from positive in Gen.Elements(true, false, false).ArrayOf(n)
        select positive.Select((p, i) => new FoldPatient($"{(i % 2 == 0 ? "icbhi" : "jordan")}:{i}", p)).ToArray();

    [Fact]
    public void Each_repeat_partitions_the_patients_into_folds_of_balanced_size()
    {
        var gen = from patients in PatientSets from k in Gen.Choose(2, 8) from r in Gen.Choose(1, 3) from seed in Gen.Choose(0, 1000) select (patients, k, r, seed);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var plan = PatientFolds.Plan(x.patients, x.k, x.r, x.seed, FoldStratification.Auto);
            if (x.patients.Length < x.k)
            {
                Assert.True(plan.IsFail);
                return;
            }
            var p = plan.ThrowIfFail();
            Assert.Equal(x.k * x.r, p.Count);
            int positives = x.patients.Count(q => q.Positive);
            Assert.Equal(positives > 0 && x.patients.Length - positives > 0, p.Stratified);
            var positive = x.patients.Where(q => q.Positive).Select(q => q.Key).ToHashSet();
            for (int repeat = 0; repeat < x.r; repeat++)
            {
                var folds = Enumerable.Range(repeat * x.k, x.k).Select(i => p.Validation[i]).ToArray();
                Assert.Equal(x.patients.Select(q => q.Key).OrderBy(k => k, StringComparer.Ordinal), folds.SelectMany(f => f).OrderBy(k => k, StringComparer.Ordinal));
                Assert.InRange(folds.Max(f => f.Count) - folds.Min(f => f.Count), 0, 1);
                if (p.Stratified)
                {
                    var perFold = folds.Select(f => f.Count(positive.Contains)).ToArray();
                    Assert.InRange(perFold.Max() - perFold.Min(), 0, 1);
                }
            }
        }), maxTest: 150, seed: 1301);
    }

    [Fact]
    public void The_plan_is_a_pure_function_of_seed_and_patient_set()
    {
        var gen = from patients in PatientSets.Where(p => p.Length >= 5) from seed in Gen.Choose(0, 1000) select (patients, seed);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var a = PatientFolds.Plan(x.patients, 5, 2, x.seed, FoldStratification.Auto).ThrowIfFail();
            var b = PatientFolds.Plan(x.patients.Reverse(), 5, 2, x.seed, FoldStratification.Auto).ThrowIfFail();
            Assert.Equal(a.Validation, b.Validation);
            Assert.Equal(a.Note, b.Note);
        }), maxTest: 60, seed: 1302);
    }

    [Fact]
    public void Repeats_reshuffle_and_the_seed_matters()
    {
        var patients = Enumerable.Range(0, 40).Select(i => new FoldPatient($"jordan:{i}", i % 4 == 0)).ToArray();
        var plan = PatientFolds.Plan(patients, 5, 2, 12, FoldStratification.None).ThrowIfFail();
        Assert.False(plan.Stratified);
        Assert.Contains("not stratified (kfold_stratify none)", plan.Note);
        Assert.NotEqual(plan.Validation.Take(5), plan.Validation.Skip(5));
        Assert.NotEqual(plan.Validation, PatientFolds.Plan(patients, 5, 2, 13, FoldStratification.None).ThrowIfFail().Validation);
        Assert.Equal((1, 3), plan.Position(8));
    }

    [Fact]
    public void The_plan_is_pinned_so_every_machine_computes_the_same_folds()
    {
        var patients = Enumerable.Range(1, 12).Select(i => new FoldPatient($"jordan:{i}", i % 3 == 0)).ToArray();
        var plan = PatientFolds.Plan(patients, 3, 1, 12, FoldStratification.Auto).ThrowIfFail();
        Assert.True(plan.Stratified); // 4 positive, 8 negative ≥ 3 each
        Assert.Equal(PinnedFirstFold, plan.Validation[0]);
    }

    // Recorded from the first run; a change here changes every user's folds.
    private static readonly string[] PinnedFirstFold = ["jordan:3", "jordan:5", "jordan:7", "jordan:9"];

    [Fact]
    public void A_class_rarer_than_the_folds_is_spread_one_patient_per_fold_and_the_note_says_so()
    {
        var patients = Enumerable.Range(0, 30).Select(i => new FoldPatient($"jordan:{i}", i < 3)).ToArray(); // 3 positive < 5 folds
        var plan = PatientFolds.Plan(patients, 5, 1, 12, FoldStratification.Auto).ThrowIfFail();
        Assert.True(plan.Stratified);
        Assert.Contains("the 3 positive patient(s) in 3 different folds, 2 fold(s) without one", plan.Note);
        var positivesPerFold = plan.Validation.Select(f => f.Count(k => int.Parse(k["jordan:".Length..]) < 3)).ToArray();
        Assert.Equal([0, 0, 1, 1, 1], positivesPerFold.Order().ToArray());
        Assert.All(plan.Validation, f => Assert.Equal(6, f.Count));
    }

    [Fact]
    public void One_class_only_is_not_stratified_and_says_so()
    {
        var patients = Enumerable.Range(0, 10).Select(i => new FoldPatient($"jordan:{i}", false)).ToArray();
        var plan = PatientFolds.Plan(patients, 5, 1, 12, FoldStratification.Auto).ThrowIfFail();
        Assert.False(plan.Stratified);
        Assert.Contains("NOT stratified (only one class: 0 positive, 10 negative)", plan.Note);
    }

    [Fact]
    public void A_fold_split_keeps_each_patients_recordings_together_and_matches_the_kfold_keys()
    {
        var recs = toSeq(Enumerable.Range(1, 20).SelectMany(p => "BDE".Select(f =>
            Recordings.Plain($"{f}P{p}_x", pneumonia: p % 4 == 0 ? 1 : 0, patient: p.ToString(), dataset: "jordan"))));
        var p = new SplitParams(KFold: 4, Repeats: 2);
        var plan = PatientFolds.Plan(recs, p, TaskRegistry.Pneumonia).ThrowIfFail();
        for (int i = 0; i < plan.Count; i++)
        {
            var split = plan.Split(recs, i);
            Assert.Equal(60, split.Train.Count + split.Validation.Count);
            Assert.Equal(plan.Validation[i], split.Validation.Map(r => r.PatientKey).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToArray());
            Assert.All(split.Validation.GroupBy(r => r.Patient), g => Assert.Equal(3, g.Count()));
            // The single-fold path of a job (kfold + fold) is the same plan.
            var single = PatientSplit.Split(recs, p with { Fold = i }, TaskRegistry.Pneumonia);
            Assert.Equal(split.Validation.Map(r => r.Name).ToArray(), single.Validation.Map(r => r.Name).ToArray());
        }
    }

    [Theory]
    [InlineData(5, 0, 1, null)]
    [InlineData(5, 9, 2, null)]
    [InlineData(5, -1, 2, null)]
    [InlineData(5, 10, 2, "fold must be -1 (every fold) or in 0..9 (got 10)")]
    [InlineData(0, -1, 2, null)]
    [InlineData(0, 3, 1, "fold 3 needs kfold ≥ 2")]
    [InlineData(1, 0, 1, "kfold must be 0 (off) or ≥ 2 (got 1)")]
    public void Split_parameters_are_checked(int kfold, int fold, int repeats, string? problem)
    {
        var problems = new SplitParams(KFold: kfold, Fold: fold, Repeats: repeats).Problems();
        if (problem is null) Assert.Empty(problems);
        else Assert.Contains(problem, problems);
    }
}
