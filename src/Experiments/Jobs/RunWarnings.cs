namespace DataflowLung.Experiments.Jobs;

/// <summary>Everything a run tolerated, by kind (<see cref="WarningKind"/>): what the dataset scans noticed, what
/// the WAV reader tolerated while the graph decoded (truncated data, NaN/Inf samples replaced), files skipped and
/// why, a slow feature backend. Each distinct message counts once, however often it recurs (a recording decoded
/// every epoch). Thread-safe: the graph's decode workers add to it. <see cref="Flush"/> prints what is new — the
/// first <see cref="ConsoleExamplesPerKind"/> of each kind loudly (console and log), the rest to the log only —
/// and <see cref="Summary"/> is report.json's <c>warnings</c> block.</summary>
public sealed class RunWarnings
{
    public const int ConsoleExamplesPerKind = 5;
    public const int ReportExamplesPerKind = 10;

    private readonly object gate = new();
    private readonly Dictionary<string, List<string>> byKind = new(StringComparer.Ordinal);
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Kind, string Message)> unprinted = new();
    private readonly Dictionary<string, int> printed = new(StringComparer.Ordinal);

    public void Add(string message) => Add(WarningKind.Of(message), message);

    public void Add(string kind, string message)
    {
        lock (gate)
        {
            if (!seen.Add(kind + "\n" + message)) return;
            if (!byKind.TryGetValue(kind, out var list)) byKind[kind] = list = [];
            list.Add(message);
            unprinted.Enqueue((kind, message));
        }
    }

    public void AddSkipped(string path, string reason) => Add(WarningKind.FilesSkipped, $"skipped {path}: {reason}");

    /// <summary>Every message about <paramref name="file"/> (messages name their file first).</summary>
    public IReadOnlyList<string> About(string file)
    {
        lock (gate)
            return byKind.Values.SelectMany(m => m)
                .Where(m => m.StartsWith(file + ":", StringComparison.Ordinal) || m.Contains(" " + file + ":", StringComparison.Ordinal))
                .ToArray();
    }

    /// <summary>Prints the warnings added since the last flush: loudly up to <see cref="ConsoleExamplesPerKind"/> per
    /// kind (then one line saying the rest go to <paramref name="quiet"/> only), quietly after that.</summary>
    public void Flush(Action<string> loud, Action<string> quiet)
    {
        List<(string Kind, string Message)> batch;
        lock (gate)
        {
            batch = [.. unprinted];
            unprinted.Clear();
        }
        foreach (var (kind, message) in batch)
        {
            int n;
            lock (gate) n = printed[kind] = printed.GetValueOrDefault(kind) + 1;
            if (n <= ConsoleExamplesPerKind) loud($"warning: {message}");
            else quiet($"warning: {message}");
            if (n == ConsoleExamplesPerKind) loud($"warning: further {kind} warnings are written to the log only");
        }
    }

    /// <summary>Count and the first examples per kind, kinds in name order (report.json's <c>warnings</c>).</summary>
    public IReadOnlyDictionary<string, WarningCount> Summary()
    {
        lock (gate)
            return byKind.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => new WarningCount(kv.Value.Count, kv.Value.Take(ReportExamplesPerKind).ToArray()), StringComparer.Ordinal);
    }

    /// <summary>One line: "truncated_data 2, files_skipped 1", or "none".</summary>
    public string Describe()
    {
        var summary = Summary();
        return summary.Count == 0 ? "none" : string.Join(", ", summary.Select(kv => $"{kv.Key} {kv.Value.Count}"));
    }
}

/// <summary>How many distinct warnings of one kind a run had, and the first few in full.</summary>
public sealed record WarningCount(int Count, IReadOnlyList<string> Examples);
