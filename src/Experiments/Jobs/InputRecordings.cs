using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Recordings given on the command line (files, or folders searched below for <c>.wav</c> files in any case),
/// as unlabelled recordings the graph can chunk: each is its own patient, labelled negative / without adventitious
/// sounds only so the chunker accepts it (prediction never reads those labels). Every path found is one
/// <see cref="Input"/>, in command-line order (a folder's files in ordinal order): a recording, or why it cannot be
/// one — no such path, a FIFO or device (never opened, so never blocking), a folder without WAV files, or a second
/// name (link, repeat) of a file already listed.</summary>
public static class InputRecordings
{
    public const string Dataset = "input";

    /// <summary>One input: a recording to predict, or a failure saying why there is none.</summary>
    public sealed record Input(string Path, Fin<RecordingRef> Recording);

    public static Seq<Input> From(IEnumerable<string> paths, LearningTask task)
    {
        var found = new List<(string Path, Fin<string> Identity)>();
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                found.Add((path, FinFail<string>(Error.New("an empty path"))));
                continue;
            }
            var full = Path.GetFullPath(path);
            WavFolder.Inspect(full).Match(
                Succ: entry =>
                {
                    if (!entry.IsDirectory)
                    {
                        found.Add((full, FinSucc(entry.Identity)));
                        return;
                    }
                    var listing = WavFolder.List(full, recursive: true);
                    if (listing.Files.IsEmpty && listing.Skipped.IsEmpty)
                        found.Add((full, FinFail<string>(Error.New("no .wav file in this folder"))));
                    var entries = listing.Files.Map(f => (Path: f, Identity: WavFolder.Inspect(f).Map(e => e.Identity)))
                        .Concat(listing.Skipped.Map(s => (Path: s.Path, Identity: FinFail<string>(Error.New(s.Reason)))))
                        .OrderBy(e => e.Path, StringComparer.Ordinal);
                    found.AddRange(entries);
                },
                Fail: e => found.Add((full, FinFail<string>(e))));
        }

        // Each real file once: a repeat or a second link to it is listed, naming the first.
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        return toSeq(found.Select(f => new Input(f.Path, f.Identity.Bind(identity =>
        {
            if (first.TryGetValue(identity, out var kept)) return FinFail<RecordingRef>(Error.New($"the same file as {kept} (predicted once)"));
            first[identity] = f.Path;
            return FinSucc(Unlabelled(f.Path, task));
        }))).ToArray());
    }

    public static RecordingRef Unlabelled(string path, LearningTask task)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return new RecordingRef(Dataset, path, name, path, task.PlaceholderLabels,
            None);
    }
}
