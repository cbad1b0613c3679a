using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>ICBHI-format cycle annotations: one line per respiratory cycle, <c>start end crackles wheezes</c>
/// (seconds, 0/1, 0/1). Fields are split on any run of whitespace because real copies mix tabs and spaces.</summary>
public static class CycleAnnotationFile
{
    public static Fin<Seq<CycleAnnotation>> Read(string path) =>
        File.Exists(path)
            ? IO.InputText.ReadLines(path).Bind(lines => Parse(lines, path))
            : FinFail<Seq<CycleAnnotation>>(Error.New($"{path}: annotation file not found"));

    public static Fin<Seq<CycleAnnotation>> Parse(IEnumerable<string> lines, string source)
    {
        var cycles = new List<CycleAnnotation>();
        int lineNo = 0;
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4)
                return Error.New($"{source}:{lineNo}: expected 4 fields 'start end crackles wheezes', got {f.Length} in '{IO.ContainedPath.Escaped(line)}'");
            if (!TryNumber(f[0], out var start) || !TryNumber(f[1], out var end))
                return Error.New($"{source}:{lineNo}: start/end are not numbers in '{IO.ContainedPath.Escaped(line)}'");
            if (start < 0 || end <= start)
                return Error.New($"{source}:{lineNo}: cycle must satisfy 0 ≤ start < end, got {start}..{end}");
            if (!TryFlag(f[2], out var crackles) || !TryFlag(f[3], out var wheezes))
                return Error.New($"{source}:{lineNo}: crackles/wheezes must be 0 or 1 in '{IO.ContainedPath.Escaped(line)}'");
            cycles.Add(new CycleAnnotation(start, end, crackles, wheezes));
        }
        return cycles.Count == 0
            ? FinFail<Seq<CycleAnnotation>>(Error.New($"{source}: no annotated cycles"))
            : FinSucc(toSeq(cycles));
    }

    static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    static bool TryFlag(string s, out bool v)
    {
        v = s == "1";
        return s is "0" or "1";
    }
}
