namespace DataflowLung.Pipeline.Datasets.Sklearn;

/// <summary>scikit-learn's <c>KFold(n_splits, shuffle=True)</c> and <c>RepeatedKFold(n_splits, n_repeats,
/// random_state)</c>, exactly: <c>KFold</c> shuffles <c>arange(n)</c> with the generator and cuts contiguous test blocks,
/// the first n mod k one larger, each returned in ascending index order (scikit-learn goes through a boolean mask); <c>RepeatedKFold</c> makes ONE <c>RandomState(random_state)</c> and passes that
/// instance to every repeat's <c>KFold</c>, so repeat r's shuffle is the (r+1)-th shuffle of that one generator.</summary>
public static class SklearnKFold
{
    /// <summary>Test indices of each fold of one <c>KFold(shuffle=True)</c> split over n samples.</summary>
    public static int[][] TestFolds(int n, int splits, NumpyRandomState rng)
    {
        if (splits < 2) throw new ArgumentException($"KFold needs n_splits ≥ 2 (got {splits})");
        if (splits > n) throw new ArgumentException($"Cannot have number of splits n_splits={splits} greater than the number of samples: n_samples={n}.");
        var indices = rng.Permutation(n);
        var folds = new int[splits][];
        int current = 0;
        for (int k = 0; k < splits; k++)
        {
            int size = n / splits + (k < n % splits ? 1 : 0);
            folds[k] = indices[current..(current + size)].Order().ToArray(); // split() yields them through a mask: ascending
            current += size;
        }
        return folds;
    }

    /// <summary>Test indices of every split of <c>RepeatedKFold(splits, repeats, random_state=seed)</c> over n samples,
    /// in scikit-learn's order (repeat-major).</summary>
    public static int[][] RepeatedTestFolds(int n, int splits, int repeats, long seed)
    {
        var rng = NumpyRandomState.For(seed);
        return Enumerable.Range(0, repeats).SelectMany(_ => TestFolds(n, splits, rng)).ToArray();
    }
}
