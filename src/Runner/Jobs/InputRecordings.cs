using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Jobs;

/// <summary>Recordings given on the command line (files, or folders searched for .wav files), as unlabelled
/// recordings the graph can chunk: each is its own patient, labelled negative / without adventitious sounds
/// only so the chunker accepts it (prediction never reads those labels).</summary>
public static class InputRecordings
{
    public const string Dataset = "input";

    public static Fin<Seq<RecordingRef>> From(IEnumerable<string> paths, LearningTask task)
    {
        var files = new List<string>();
        var problems = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full)) files.Add(full);
            else if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) problems.Add($"{full}: no .wav file in this folder");
                files.AddRange(found);
            }
            else problems.Add($"{full}: no such file or folder");
        }
        if (problems.Count > 0) return Error.New(string.Join(Environment.NewLine, problems));
        return toSeq(files.Distinct().Select(f => Unlabelled(f, task)));
    }

    public static RecordingRef Unlabelled(string path, LearningTask task)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return new RecordingRef(Dataset, path, name, path, new RecordingLabels(0, task == LearningTask.Pneumonia ? null : false, task == LearningTask.Pneumonia ? null : false),
            None);
    }
}
