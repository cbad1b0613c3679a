using System.Text.Json;
using DataflowLung.Pipeline.Datasets.Sklearn;

namespace DataflowLung.Tests.Original;

/// <summary>numpy's legacy RandomState and scikit-learn's KFold / RepeatedKFold / train_test_split, against their own
/// outputs in Fixtures/sklearn_splits.json (written by Fixtures/make_sklearn_splits.py with Debian's python3-sklearn).</summary>
public sealed class SklearnSplitTests
{
    static readonly JsonElement Fixture = Load();

    static JsonElement Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Original", "Fixtures", "sklearn_splits.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    static long[] Longs(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();
    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Fact]
    public void The_generator_draws_what_numpy_draws()
    {
        int cases = 0;
        foreach (var e in Fixture.GetProperty("random_state").EnumerateArray())
        {
            long seed = e.GetProperty("seed").GetInt64();
            var r = NumpyRandomState.For(seed);
            Assert.Equal(Longs(e.GetProperty("uint32")), Enumerable.Range(0, 8).Select(_ => (long)r.NextUInt32()).ToArray());
            r = NumpyRandomState.For(seed);
            Assert.Equal(e.GetProperty("random_sample").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
                Enumerable.Range(0, 5).Select(_ => r.RandomSample()).ToArray());
            Assert.Equal(Longs(e.GetProperty("randint_0_10")), Enumerable.Range(0, 10).Select(_ => r.RandInt(0, 10)).ToArray());
            Assert.Equal(Longs(e.GetProperty("randint_-5_1000003")), Enumerable.Range(0, 10).Select(_ => r.RandInt(-5, 1000003)).ToArray());
            Assert.Equal(Longs(e.GetProperty("randint_0_2pow40")), Enumerable.Range(0, 5).Select(_ => r.RandInt(0, 1L << 40)).ToArray());
            Assert.Equal(Ints(e.GetProperty("permutation_1")), r.Permutation(1));
            Assert.Equal(Ints(e.GetProperty("permutation_17")), r.Permutation(17));
            Assert.Equal(Ints(e.GetProperty("permutation_300")), r.Permutation(300));
            Assert.Equal(Ints(e.GetProperty("choice_10_4")), r.ChoiceWithoutReplacement(Enumerable.Range(0, 10).ToArray(), 4));
            cases++;
        }
        Assert.Equal(5, cases);
        var a = Fixture.GetProperty("array_seed");
        var ra = new NumpyRandomState(a.GetProperty("key").EnumerateArray().Select(x => x.GetUInt32()).ToArray());
        Assert.Equal(a.GetProperty("random_sample").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
            Enumerable.Range(0, 5).Select(_ => ra.RandomSample()).ToArray());
    }

    [Fact]
    public void A_seed_numpy_refuses_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumpyRandomState.For(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumpyRandomState.For(1L << 32));
    }

    [Fact]
    public void Repeated_kfold_gives_scikit_learns_folds()
    {
        int cases = 0;
        foreach (var e in Fixture.GetProperty("repeated_kfold").EnumerateArray())
        {
            var expected = e.GetProperty("test").EnumerateArray().Select(Ints).ToArray();
            var actual = SklearnKFold.RepeatedTestFolds(e.GetProperty("n").GetInt32(), e.GetProperty("splits").GetInt32(),
                e.GetProperty("repeats").GetInt32(), e.GetProperty("seed").GetInt64());
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
            cases++;
        }
        Assert.Equal(31, cases);
    }

    [Fact]
    public void Train_test_split_gives_scikit_learns_sides_in_its_order()
    {
        int cases = 0;
        foreach (var e in Fixture.GetProperty("train_test_split").EnumerateArray())
        {
            var y = Ints(e.GetProperty("y"));
            double testSize = e.GetProperty("test_size").GetDouble();
            long seed = e.GetProperty("seed").GetInt64();
            var result = e.GetProperty("stratify").GetBoolean()
                ? SklearnTrainTestSplit.Stratified(y, testSize, seed)
                : SklearnTrainTestSplit.Unstratified(y.Length, testSize, seed);
            Assert.Equal(Ints(e.GetProperty("train")), result.Train);
            Assert.Equal(Ints(e.GetProperty("test")), result.Test);
            cases++;
        }
        Assert.Equal(14, cases);
    }

    [Fact]
    public void Stratification_is_refused_where_scikit_learn_raises()
    {
        Assert.NotNull(SklearnTrainTestSplit.StratifyRefusal([0, 0, 0, 1], 1, 3));
        Assert.NotNull(SklearnTrainTestSplit.StratifyRefusal([0, 0, 0, 0, 1, 1], 1, 5));
        Assert.Null(SklearnTrainTestSplit.StratifyRefusal([0, 0, 0, 0, 1, 1, 0, 0, 0, 0], 2, 8));
        Assert.Throws<ArgumentException>(() => SklearnTrainTestSplit.Stratified([0, 0, 0, 1], 0.8, 12));
    }
}
