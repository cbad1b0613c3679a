using System.Globalization;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>What <c>predict</c> says about one input file: its probabilities (mean of its chunks'), or why it has
/// none (<see cref="Reason"/>), with notes (padded because shorter than a window; what the reader tolerated).</summary>
public sealed record InputOutcome(string File, double? Seconds, IReadOnlyList<ChunkOutcome> Chunks, double[]? Probabilities,
    bool Padded, string? Reason, Seq<string> Notes)
{
    public bool Predicted => Probabilities is not null;

    /// <summary>One outcome per input, in input order. <paramref name="screened"/> holds the inputs refused before the
    /// graph ran (unreadable header, too short), <paramref name="faults"/> those the graph could not read.</summary>
    public static Seq<InputOutcome> All(Seq<InputRecordings.Input> inputs, IReadOnlyDictionary<string, string> screened,
        IReadOnlyDictionary<string, double> seconds, IReadOnlyList<ChunkOutcome> chunks, IEnumerable<FlowFault> faults,
        JobParameters p, int outputs, Func<string, IReadOnlyList<string>> warningsAbout)
    {
        var byFile = chunks.GroupBy(c => c.Recording.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var failed = faults.GroupBy(f => f.File, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
        return inputs.Map(input =>
        {
            double? length = seconds.TryGetValue(input.Path, out var s) ? s : null;
            var notes = toSeq(warningsAbout(input.Path)).Map(n => WithoutFile(n, input.Path));
            string? reason = input.Recording.Match(
                Fail: e => e.Message,
                Succ: _ => screened.TryGetValue(input.Path, out var refused) ? refused
                    : failed.TryGetValue(input.Path, out var fault) ? "unreadable: " + WithoutFile(fault, input.Path)
                    : byFile.ContainsKey(input.Path) ? null
                    : "the recording gave no chunk" + (p.Chunk.NoPad ? " (the model was trained with no_pad, which drops padded chunks)" : ""));
            if (reason is not null) return new InputOutcome(input.Path, length, [], null, false, reason, notes);
            var mine = byFile[input.Path];
            var mean = Enumerable.Range(0, outputs).Select(o => mine.Average(c => (double)c.Probabilities[o])).ToArray();
            var window = p.Chunk.AudioLengthSeconds;
            var padded = length is { } l && l < window;
            if (padded)
                notes = notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"padded: {length:0.###} s is shorter than the {window:0.###} s window, so one chunk of it {(2 * length < window ? "tiled" : "zero-padded")} to the window"));
            return new InputOutcome(input.Path, length, mine, mean, padded, null, notes);
        });
    }

    /// <summary>Reader messages start with the file's path; the row names it already.</summary>
    public static string WithoutFile(string message, string file) =>
        message.StartsWith(file + ": ", StringComparison.Ordinal) ? message[(file.Length + 2)..] : message;
}
