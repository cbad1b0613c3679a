using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
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

    /// <summary>One input: Right a recording to predict, Left why there is none.</summary>
    public sealed record Input(string Path, Either<string, RecordingRef> Recording);

    public static Seq<Input> From(IEnumerable<string> paths, LearningTask task)
    {
        var found = new List<(string Path, Either<string, string> Identity)>();
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                found.Add((path, Left<string, string>("an empty path")));
                continue;
            }
            var full = Path.GetFullPath(path);
            WavFolder.Inspect(full).Match(
                Right: entry =>
                {
                    if (!entry.IsDirectory)
                    {
                        found.Add((full, Right<string, string>(entry.Identity)));
                        return;
                    }
                    var listing = WavFolder.List(full, recursive: true);
                    if (listing.Files.IsEmpty && listing.Skipped.IsEmpty)
                        found.Add((full, Left<string, string>("no .wav file in this folder")));
                    var entries = listing.Files.Map(f => (Path: f, Identity: WavFolder.Inspect(f).Map(e => e.Identity)))
                        .Concat(listing.Skipped.Map(s => (Path: s.Path, Identity: Left<string, string>(s.Reason))))
                        .OrderBy(e => e.Path, StringComparer.Ordinal);
                    found.AddRange(entries);
                },
                Left: reason => found.Add((full, Left<string, string>(reason))));
        }

        // Each real file once: a repeat or a second link to it is listed, naming the first.
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        return toSeq(found.Select(f => new Input(f.Path, f.Identity.Match(
            Right: identity =>
            {
                if (first.TryGetValue(identity, out var kept)) return Left<string, RecordingRef>($"the same file as {kept} (predicted once)");
                first[identity] = f.Path;
                return Right<string, RecordingRef>(Unlabelled(f.Path, task));
            },
            Left: reason => Left<string, RecordingRef>(reason)))).ToArray());
    }

    public static RecordingRef Unlabelled(string path, LearningTask task)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return new RecordingRef(Dataset, path, name, path, task.PlaceholderLabels,
            None);
    }
}
