namespace DataflowLung.Experiments.Progress;

/// <summary>Where a command's human-readable output goes. Lines are printed above any live display;
/// <see cref="RunWithProgressAsync{T}"/> runs work with a progress reporter suited to the output.</summary>
public interface IJobConsole
{
    void Line(string text);

    Task<T> RunWithProgressAsync<T>(Func<IJobProgress, Task<T>> work);
}
