namespace DataflowLung.Experiments.Plots;

/// <summary>Runs independent figure-drawing steps side by side (each draws and encodes its own file; ScottPlot and
/// Skia objects are never shared between them), so a job's plots take the cores the trainer has left idle. A failure
/// (a full disk) reaches the caller as itself, not wrapped, as when the figures were drawn one by one.</summary>
public static class ParallelDrawing
{
    public static void Run(IReadOnlyList<Action> steps)
    {
        try
        {
            Parallel.ForEach(steps, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, step => step());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>The results of <paramref name="compute"/> over <paramref name="items"/> in their order, computed side by side.</summary>
    public static TResult[] Map<T, TResult>(IReadOnlyList<T> items, Func<T, TResult> compute)
    {
        var results = new TResult[items.Count];
        Run(items.Select((item, i) => (Action)(() => results[i] = compute(item))).ToArray());
        return results;
    }
}
