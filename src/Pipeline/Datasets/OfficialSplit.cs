using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>A dataset's own train/test assignment by recording name (the ICBHI challenge's
/// <c>ICBHI_challenge_train_test.txt</c>: <c>name&lt;whitespace&gt;train|test</c> per line).</summary>
public sealed record OfficialSplit(string SourcePath, Map<string, bool> IsTrainByRecording)
{
    public static Fin<OfficialSplit> Parse(string path) =>
        IO.InputText.ReadLines(path).Bind(lines => Parse(path, lines));

    static Fin<OfficialSplit> Parse(string path, string[] lines)
    {
        var map = Map<string, bool>();
        int lineNo = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
                return Error.New($"{path}:{lineNo}: expected '<recording> <train|test>', got '{IO.ContainedPath.Escaped(line)}'");
            bool? train = fields[1].ToLowerInvariant() switch { "train" => true, "test" => false, _ => null };
            if (train is null)
                return Error.New($"{path}:{lineNo}: side must be 'train' or 'test', got '{fields[1]}'");
            var name = Path.GetFileNameWithoutExtension(fields[0].EndsWith(".wav", StringComparison.OrdinalIgnoreCase) ? fields[0] : fields[0] + ".wav");
            map = map.AddOrUpdate(name, train.Value);
        }
        return new OfficialSplit(path, map);
    }
}
