using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Support;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Original;

/// <summary><c>split_method sklearn</c> (the original preset) gives the original's patients on each side: checked
/// against scikit-learn's own indices in Fixtures/sklearn_splits.json, mapped onto the patients in the recorded order.</summary>
public sealed class OriginalSplitsTests
{
    static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Original", "Fixtures", "sklearn_splits.json"))).RootElement;

    static int[][] SklearnFolds(int n) => Fixture.GetProperty("repeated_kfold").EnumerateArray()
        .Single(e => e.GetProperty("n").GetInt32() == n && e.GetProperty("seed").GetInt32() == 12 && e.GetProperty("repeats").GetInt32() == 2)
        .GetProperty("test").EnumerateArray().Select(f => f.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();

    // Patient ids chosen so ordinal order differs from numeric and from insertion order: "p10" sorts before "p2".
    static Seq<RecordingRef> Dataset(string name, int patients, Func<int, bool> positive) =>
        toSeq(Enumerable.Range(0, patients).Reverse().SelectMany(i => new[] { 0, 1 }.Select(k =>
            new RecordingRef(name, $"/d/{name}/p{i}_{k}.wav", $"p{i}_{k}", $"p{i}", new RecordingLabels(positive(i) ? 1 : 0), None))));

    static string[] Ordered(string dataset, int n) =>
        Enumerable.Range(0, n).Select(i => $"{dataset}:p{i}").OrderBy(x => x, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Folds_are_scikit_learns_repeated_kfold_per_dataset_pooled()
    {
        var recordings = Dataset("alpha", 7, i => i == 3) + Dataset("beta", 13, i => i % 4 == 0);
        var p = new SplitParams(Seed: 12, KFold: 5, Repeats: 2, Stratify: FoldStratification.None, Method: SplitMethod.Sklearn);
        var plan = PatientFolds.Plan(recordings, p, TestTasks.Named("pneumonia")).Match(x => x, e => throw new Exception(e.Message));
        var (a, b) = (SklearnFolds(7), SklearnFolds(13));
        var (pa, pb) = (Ordered("alpha", 7), Ordered("beta", 13));
        Assert.Equal(10, plan.Count);
        for (int i = 0; i < 10; i++)
        {
            var expected = a[i].Select(k => pa[k]).Concat(b[i].Select(k => pb[k])).OrderBy(x => x, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, plan.Validation[i]);
        }
        Assert.Contains("alpha: patients in the order given to scikit-learn: p0 p1 p2 p3 p4 p5 p6", plan.Note);
        Assert.Contains("beta: patients in the order given to scikit-learn: p0 p1 p10 p11 p12 p2", plan.Note);
    }

    [Fact]
    public void A_dataset_with_fewer_patients_than_folds_is_refused_by_name()
    {
        var recordings = Dataset("alpha", 7, _ => false) + Dataset("tiny", 3, _ => false);
        var p = new SplitParams(KFold: 5, Repeats: 2, Stratify: FoldStratification.None, Method: SplitMethod.Sklearn);
        var message = PatientFolds.Plan(recordings, p, TestTasks.Named("pneumonia")).Match(_ => "", e => e.Message);
        Assert.Contains("tiny has 3", message);
    }

    [Theory]
    [InlineData(0)]  // [0]*7 + [1]*3: stratified
    [InlineData(9)]  // [0]*9 + [1]*2: stratified
    public void The_single_split_validates_on_train_test_splits_swapped_train_side(int caseIndex)
    {
        var e = Fixture.GetProperty("train_test_split")[caseIndex];
        var y = e.GetProperty("y").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        // Patients p0 … p(n−1) in ordinal order carry y in that order.
        var order = Enumerable.Range(0, y.Length).Select(i => $"p{i}").OrderBy(x => x, StringComparer.Ordinal).ToArray();
        var label = order.Select((id, k) => (id, y[k])).ToDictionary(t => t.id, t => t.Item2 == 1);
        var recordings = Dataset("alpha", y.Length, i => label[$"p{i}"]);
        var p = new SplitParams(TrainRatio: 0.8, Seed: 12, Method: SplitMethod.Sklearn);
        var split = PatientSplit.Split(recordings, p, TestTasks.Named("pneumonia"));
        var expected = e.GetProperty("train").EnumerateArray().Select(x => $"alpha:{order[x.GetInt32()]}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, split.Validation.Map(r => r.PatientKey).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(y.Length - (int)Math.Ceiling(0.8 * y.Length), expected.Length);
        Assert.Contains("stratified by patient label", split.Notes.Head);
    }

    [Fact]
    public void A_class_with_one_patient_falls_back_to_an_unstratified_split()
    {
        var recordings = Dataset("alpha", 10, i => i == 4);
        var split = PatientSplit.Split(recordings, new SplitParams(Seed: 12, Method: SplitMethod.Sklearn), TestTasks.Named("pneumonia"));
        Assert.Contains("NOT stratified", split.Notes.Head);
        Assert.Equal(2, split.Validation.Map(r => r.PatientKey).Distinct().Count);
    }
}
