namespace DataflowLung.Pipeline.Datasets.Sklearn;

/// <summary>scikit-learn's <c>train_test_split(X, test_size=…, random_state=seed, stratify=y)</c>, exactly: sizes by
/// <c>_validate_shuffle_split</c> (n_test = ⌈test_size·n⌉, n_train = n − n_test), then the first split of
/// <c>StratifiedShuffleSplit</c> (per-class counts by <c>_approximate_mode</c>, ties broken with the generator, each
/// class permuted, both sides permuted again) or, without <c>stratify</c>, of <c>ShuffleSplit</c> (one permutation,
/// test first). Returns indices into X in the order scikit-learn returns them.</summary>
public static class SklearnTrainTestSplit
{
    public sealed record Result(int[] Train, int[] Test, bool Stratified);

    /// <summary>(n_train, n_test) for a float <paramref name="testSize"/> in (0, 1) and no train_size.</summary>
    public static (int Train, int Test) Sizes(int n, double testSize)
    {
        if (testSize is <= 0 or >= 1) throw new ArgumentException($"test_size={testSize} should be in (0, 1)");
        int test = (int)Math.Ceiling(testSize * n), train = n - test;
        if (train == 0) throw new ArgumentException($"With n_samples={n}, test_size={testSize} the resulting train set will be empty.");
        return (train, test);
    }

    /// <summary>Why scikit-learn's StratifiedShuffleSplit would refuse these labels at these sizes (null: it accepts
    /// them). The original caught that refusal and split without stratification.</summary>
    public static string? StratifyRefusal(IReadOnlyList<int> y, int nTrain, int nTest)
    {
        var counts = y.GroupBy(v => v).Select(g => g.Count()).ToArray();
        if (counts.Min() < 2) return "the least populated class has only 1 member";
        if (nTrain < counts.Length) return $"the train size {nTrain} is smaller than the number of classes {counts.Length}";
        if (nTest < counts.Length) return $"the test size {nTest} is smaller than the number of classes {counts.Length}";
        return null;
    }

    /// <summary>Stratified by <paramref name="y"/>; throws where scikit-learn raises (see <see cref="StratifyRefusal"/>).</summary>
    public static Result Stratified(IReadOnlyList<int> y, double testSize, long seed)
    {
        var (nTrain, nTest) = Sizes(y.Count, testSize);
        if (StratifyRefusal(y, nTrain, nTest) is { } why) throw new ArgumentException($"StratifiedShuffleSplit: {why}");
        var rng = NumpyRandomState.For(seed);
        var classes = y.Distinct().Order().ToArray();                       // np.unique
        var counts = classes.Select(c => y.Count(v => v == c)).ToArray();   // np.bincount(y_indices)
        // np.argsort(y_indices, kind="mergesort") split by class: each class's indices in ascending order.
        var classIndices = classes.Select(c => Enumerable.Range(0, y.Count).Where(i => y[i] == c).ToArray()).ToArray();
        var nI = ApproximateMode(counts, nTrain, rng);
        var tI = ApproximateMode(counts.Select((c, i) => c - nI[i]).ToArray(), nTest, rng);
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < classes.Length; i++)
        {
            var perm = rng.Permutation(counts[i]).Select(k => classIndices[i][k]).ToArray();
            train.AddRange(perm.Take(nI[i]));
            test.AddRange(perm.Skip(nI[i]).Take(tI[i]));
        }
        return new Result(rng.Permutation(train), rng.Permutation(test), true);
    }

    /// <summary>Not stratified (<c>ShuffleSplit</c>): one permutation, the first n_test are the test side.</summary>
    public static Result Unstratified(int n, double testSize, long seed)
    {
        var (nTrain, nTest) = Sizes(n, testSize);
        var perm = NumpyRandomState.For(seed).Permutation(n);
        return new Result(perm[nTest..(nTest + nTrain)], perm[..nTest], false);
    }

    /// <summary>scikit-learn's <c>_approximate_mode</c>: floor of each class's share of the draws, the remainder added
    /// to the largest fractional parts, ties among them chosen with <c>rng.choice(replace=False)</c>.</summary>
    public static int[] ApproximateMode(int[] classCounts, int draws, NumpyRandomState rng)
    {
        double total = classCounts.Sum();
        var continuous = classCounts.Select(c => c / total * draws).ToArray();
        var floored = continuous.Select(Math.Floor).ToArray();
        int needToAdd = (int)(draws - floored.Sum());
        if (needToAdd > 0)
        {
            var remainder = continuous.Select((c, i) => c - floored[i]).ToArray();
            foreach (var value in remainder.Distinct().OrderDescending())
            {
                var inds = Enumerable.Range(0, remainder.Length).Where(i => remainder[i] == value).ToArray();
                int addNow = Math.Min(inds.Length, needToAdd);
                foreach (var k in rng.ChoiceWithoutReplacement(inds, addNow)) floored[k] += 1;
                needToAdd -= addNow;
                if (needToAdd == 0) break;
            }
        }
        return floored.Select(f => (int)f).ToArray();
    }
}
