using System.Text.RegularExpressions;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>A SPRSound recording name, <c>&lt;patient&gt;_&lt;age&gt;_&lt;sex 0 M|1 F&gt;_p&lt;location 1–4&gt;_&lt;recording&gt;</c>
/// (e.g. <c>40672181_13.1_0_p1_2728</c>). The patient is the first field alone: the age is the age at that
/// recording and differs between recordings of one patient (11 patients of the release), so it never joins the id.</summary>
public sealed partial record SprsoundName(string Patient, string Age, string Sex, int Location, string Recording)
{
    [GeneratedRegex(@"^(?<p>[0-9A-Za-z]+)_(?<a>[0-9.]+)_(?<s>[01])_p(?<l>[1-4])_(?<r>[0-9A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static Fin<SprsoundName> Parse(string name)
    {
        var m = Pattern().Match(name);
        return m.Success
            ? new SprsoundName(m.Groups["p"].Value, m.Groups["a"].Value, m.Groups["s"].Value, m.Groups["l"].Value[0] - '0', m.Groups["r"].Value)
            : Error.New($"'{name}' is not a SPRSound name <patient>_<age>_<sex 0|1>_p<location 1-4>_<recording>");
    }
}
